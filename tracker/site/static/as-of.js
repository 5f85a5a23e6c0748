// The overview's as-of control: every date's state was rendered at publish time into
// states/YYYY-MM-DD.html; choosing a date (or opening a link with #YYYY-MM-DD or ?as_of=)
// swaps that state in. A date between two states shows the earlier one and says so; no date
// in the address means the latest state. Only the note below the control is announced.
(function () {
  "use strict";
  var select = document.getElementById("as-of");
  var box = document.getElementById("state");
  var note = document.getElementById("as-of-note");
  var link = document.getElementById("as-of-link");
  var earlier = document.getElementById("as-of-prev");
  var later = document.getElementById("as-of-next");
  if (!select || !box) { return; }
  var days = Array.prototype.map.call(select.options, function (o) { return o.value; });
  var latest = select.getAttribute("data-default");
  var ISO = /^\d{4}-\d{2}-\d{2}$/;
  var baseTitle = document.title.replace(/: status as of .*$/, "");

  function realDay(text) {  // a YYYY-MM-DD that names a real day
    if (!ISO.test(text)) { return false; }
    var d = new Date(text + "T00:00:00Z");
    return !isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
  }

  function fromHash() {
    var raw = location.hash.replace(/^#/, "");
    try { return decodeURIComponent(raw); } catch (e) { return raw; }
  }

  // What the address asks for: a date, "" for none (the latest state), or null for an
  // in-page anchor such as #main, which leaves the state as it is.
  function asked() {
    var hash = fromHash();
    if (ISO.test(hash) || /^\d{4}-/.test(hash)) { return hash; }
    if (hash) { return null; }
    var query = new URLSearchParams(location.search).get("as_of");
    return query || "";
  }

  function nearest(day) {  // the last state on or before the day
    var found = null;
    days.forEach(function (d) { if (d <= day) { found = d; } });
    return found;
  }

  function label(day) {
    var option = select.querySelector('option[value="' + day + '"]');
    if (option) { return option.getAttribute("data-long"); }
    return realDay(day) ? new Date(day + "T00:00:00Z").toLocaleDateString("en-GB",
      { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }) : day;
  }

  function say(text) { note.textContent = text; }

  function show(day) {
    var state;
    if (day === "") {
      state = latest;
      say("Shown as of " + label(state) + ", the latest state of the record.");
    } else if (!realDay(day)) {
      state = latest;
      say("“" + day + "” is not a date written YYYY-MM-DD; shown as of " + label(state) + ", the latest state.");
    } else if (nearest(day) === null) {
      state = days[0];
      say("The record starts on " + label(state) + " (the plan's release); " + label(day) +
        " is before it, so its first day is shown.");
    } else if (day > days[days.length - 1]) {
      state = days[days.length - 1];
      say("The record goes up to " + label(state) + "; " + label(day) + " is after it, so its last day is shown.");
    } else {
      state = nearest(day);
      say(state === day ? "Shown as of " + label(state) + "."
        : "Nothing in the record changed between " + label(state) + " and " + label(day) + ": shown as of " +
          label(state) + ".");
    }
    select.value = state;
    link.setAttribute("href", "#" + state);
    earlier.disabled = state === days[0];
    later.disabled = state === days[days.length - 1];
    if (box.getAttribute("data-day") === state) { return; }
    fetch(select.getAttribute("data-states") + state + ".html").then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.text();
    }).then(function (html) {
      box.innerHTML = html;  // rendered and escaped at publish time from the same template
      box.setAttribute("data-day", state);
      document.title = baseTitle + ": status as of " + label(state);
    }).catch(function (error) {
      var shown = box.getAttribute("data-day");  // the control goes back to what the page shows
      select.value = shown;
      link.setAttribute("href", "#" + shown);
      say("The state of " + label(state) + " could not be loaded (" + error.message + "); the page still " +
          "shows " + label(shown) + ". Opened from disk, the date control cannot load its states: serve the " +
          "site from a web server.");
    });
  }

  function step(by) {
    var i = days.indexOf(select.value) + by;
    if (i >= 0 && i < days.length) { location.hash = days[i]; }
  }

  select.addEventListener("change", function () { location.hash = select.value; });
  earlier.addEventListener("click", function () { step(-1); });
  later.addEventListener("click", function () { step(1); });
  window.addEventListener("hashchange", function () {
    var day = asked();
    if (day !== null) { show(day); }
  });
  var first = asked();
  show(first === null ? "" : first);
}());
