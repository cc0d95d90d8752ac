// Small behaviours of every page, kept out of the HTML so that the Content-Security-Policy
// needs no inline script or style: bars take their width from data-width (a percentage).
(function () {
  var bars = document.querySelectorAll("[data-width]");
  for (var i = 0; i < bars.length; i++) {
    var value = parseFloat(bars[i].getAttribute("data-width"));
    if (!isNaN(value)) { bars[i].style.width = Math.max(0, Math.min(100, value)) + "%"; }
  }
})();
