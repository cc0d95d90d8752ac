// A running assessment's page: show its progress and reload when it ends.
// The progress URL comes from the page (data-progress-url); no inline script is needed.
(function () {
  var box = document.getElementById("run-progress-box");
  if (!box) { return; }
  var url = box.getAttribute("data-progress-url");
  var bar = document.getElementById("run-bar");
  function show(d) {
    bar.style.width = d.progress + "%";
    document.getElementById("run-progress").textContent = d.progress + "%";
    document.getElementById("run-message").textContent = d.message;
  }
  bar.style.width = (parseInt(box.getAttribute("data-progress"), 10) || 0) + "%";
  function tick() {
    fetch(url, {credentials: "same-origin", cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (d) {
        show(d);
        if (d.status === "done" || d.status === "failed") { window.location.reload(); }
        else { window.setTimeout(tick, 1000); }
      })
      .catch(function () { window.setTimeout(tick, 3000); });
  }
  window.setTimeout(tick, 1000);
})();
