// The overview's as-of control: every date's state was rendered at publish time into
// states/YYYY-MM-DD.html; choosing a date (or opening a link with #YYYY-MM-DD or ?as_of=)
// swaps that state in. A date between two states shows the earlier one and says so.
(function () {
  "use strict";
  var select = document.getElementById("as-of");
  var box = document.getElementById("state");
  var note = document.getElementById("as-of-note");
  var link = document.getElementById("as-of-link");
  if (!select || !box) { return; }
  var days = Array.prototype.map.call(select.options, function (o) { return o.value; });
  var ISO = /^\d{4}-\d{2}-\d{2}$/;
  var baseTitle = document.title.replace(/: status as of .*$/, "");

  function asked() {
    var hash = decodeURIComponent(location.hash.replace(/^#/, ""));
    if (ISO.test(hash)) { return hash; }
    var query = new URLSearchParams(location.search).get("as_of");
    return query && ISO.test(query) ? query : null;
  }

  function nearest(day) {  // the last state on or before the day
    var found = null;
    days.forEach(function (d) { if (d <= day) { found = d; } });
    return found;
  }

  function say(text) { note.textContent = text; }

  function show(day) {
    var state = nearest(day);
    if (state === null) {
      state = days[0];
      say("The record starts on " + state + " (the plan's release); " + day + " is before it, so its first day is shown.");
    } else if (state !== day) {
      say("Nothing in the record changed between " + state + " and " + day + ": shown as of " + state + ".");
    } else {
      say("Shown as of " + state + ".");
    }
    select.value = state;
    link.setAttribute("href", "#" + state);
    if (box.getAttribute("data-day") === state) { return; }
    fetch(select.getAttribute("data-states") + state + ".html").then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.text();
    }).then(function (html) {
      box.innerHTML = html;  // rendered and escaped at publish time from the same template
      box.setAttribute("data-day", state);
      document.title = baseTitle + ": status as of " + state;
    }).catch(function (error) {
      say("The state of " + state + " could not be loaded (" + error.message + ").");
    });
  }

  function step(by) {
    var i = days.indexOf(select.value) + by;
    if (i >= 0 && i < days.length) { location.hash = days[i]; }
  }

  select.addEventListener("change", function () { location.hash = select.value; });
  document.getElementById("as-of-prev").addEventListener("click", function () { step(-1); });
  document.getElementById("as-of-next").addEventListener("click", function () { step(1); });
  window.addEventListener("hashchange", function () { var d = asked(); if (d) { show(d); } });
  var first = asked();
  if (first) { show(first); }
}());
