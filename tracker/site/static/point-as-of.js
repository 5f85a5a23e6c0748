// A point page opened from the overview at an earlier date (?as_of=YYYY-MM-DD): says where the
// point stood that day, from the status file of that day in the site's API, and marks the
// updates dated after it. The page itself shows the whole record.
(function () {
  "use strict";
  var asked = new URLSearchParams(location.search).get("as_of");
  var box = document.getElementById("point-as-of");
  if (!asked || !box || !/^\d{4}-\d{2}-\d{2}$/.test(asked)) { return; }
  var labels = JSON.parse(document.getElementById("labels").textContent);
  var api = box.getAttribute("data-api");
  var point = Number(box.getAttribute("data-point"));

  function long(day) {
    return new Date(day + "T00:00:00Z").toLocaleDateString("en-GB",
      { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  }

  function json(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    });
  }

  json(api + "index.json").then(function (index) {
    var day = index.days[0];
    index.days.forEach(function (d) { if (d <= asked) { day = d; } });
    return json(api + day + ".json").then(function (doc) {
      var p = doc.points.filter(function (x) { return x.id === point; })[0];
      if (!p) { return; }
      var n = p.blockers.length;
      box.textContent = "As of " + long(day) + ", the date chosen on the overview: level " +
        labels.level[p.level].toLowerCase() + ", momentum " +
        (p.momentum_stale ? "no recent report" : p.momentum ? labels.momentum[p.momentum].toLowerCase() : "not given") +
        ", progress " +
        Math.round(p.progress) + "%, " + n + " active blocker" + (n === 1 ? "" : "s") + ". Below, the whole " +
        "record up to " + box.getAttribute("data-latest") + "; updates dated after " + long(day) + " are marked.";
      box.hidden = false;
      document.querySelectorAll("ol.history > li[data-date]").forEach(function (li) {
        if (li.getAttribute("data-date") > day) {
          li.classList.add("later");
          var tag = document.createElement("span");
          tag.className = "later-tag";
          tag.textContent = "After " + long(day) + ". ";
          li.insertBefore(tag, li.firstChild);
        }
      });
    });
  }).catch(function () { /* opened from disk: the page shows the whole record, as without a date */ });
}());
