// The date form of /<doc>/in-force/: goes to the revision in force on the
// date asked, read from the document's versions.json. The page's table
// answers the same without this script; the form stays hidden without it.
"use strict";
(function () {
  var form = document.getElementById("in-force-form");
  if (!form || !window.fetch) return;
  var result = document.getElementById("in-force-result");
  var input = document.getElementById("in-force-date");
  form.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var date = input.value;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return;
    result.textContent = "";
    fetch(form.getAttribute("data-versions"))
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (versions) {
        // Dates as YYYY-MM-DD compare as text; the end day is the next one's.
        var found = versions.revisions.filter(function (r) {
          return r.in_force_from && r.in_force_from <= date &&
            (!r.in_force_until || date < r.in_force_until);
        })[0];
        if (found) {
          window.location.assign(found.urls.text);
        } else {
          result.textContent = form.getAttribute("data-none");
        }
      })
      .catch(function () {
        result.textContent = form.getAttribute("data-failed");
      });
  });
})();
