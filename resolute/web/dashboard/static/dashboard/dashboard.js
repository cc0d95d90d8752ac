// Dashboard charts: every bar links to the ledger lines behind it (data item .link).
(function () {
  var data = JSON.parse(document.getElementById("dashboard-data").textContent);
  function bar(id, items, horizontal) {
    var el = document.getElementById(id);
    if (!el || typeof echarts === "undefined") return;
    if (!items.length) { el.style.display = "none"; return; }
    var chart = echarts.init(el);
    var names = items.map(function (d) { return d.name; });
    var cat = { type: "category", data: names }, val = { type: "value", minInterval: 1 };
    chart.setOption({
      tooltip: {}, grid: { left: 70, right: 20, top: 20, bottom: 30 },
      xAxis: horizontal ? val : cat, yAxis: horizontal ? cat : val,
      series: [{ type: "bar", data: items, itemStyle: { color: "#b03a2e" } }]
    });
    chart.on("click", function (p) { if (p.data && p.data.link) window.location.href = p.data.link; });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  bar("chart-city", data.by_city, true);
  bar("chart-industry", data.by_industry, true);
  bar("chart-trend", data.trend, false);
  map("chart-map", data.map || []);

  // The 16-city map (static GeoJSON, same origin): shaded by lines to exit or by progress;
  // a click opens the city's lines to exit.
  function map(id, items) {
    var el = document.getElementById(id);
    if (!el || typeof echarts === "undefined") return;
    var chart = echarts.init(el);
    var modes = {
      value: { label: "待退出生产线", unit: " 条", colors: ["#fdf2e9", "#b03a2e"] },
      progress: { label: "退出进度", unit: "%", colors: ["#fdebd0", "#1e8449"] }
    };
    function draw(mode) {
      var m = modes[mode], max = mode === "progress" ? 100 : 1;
      var rows = items.map(function (d) {
        var v = mode === "progress" ? d.progress : d.value;
        if (v !== null && v > max) max = v;
        return { name: d.name, value: v === null ? "-" : v, link: d.link, total: d.total, exited: d.exited };
      });
      chart.setOption({
        tooltip: { trigger: "item", formatter: function (p) {
          var d = p.data || {};
          return p.name + "<br>待淘汰 " + (d.total || 0) + " 条，已退出 " + (d.exited || 0) + " 条";
        } },
        visualMap: { min: 0, max: max, left: 10, bottom: 10, text: ["高", "低"], calculable: false,
                     inRange: { color: m.colors }, outOfRange: { color: "#eee" } },
        series: [{ type: "map", map: "shandong-2019", name: m.label, roam: false,
                   label: { show: true, fontSize: 11 }, data: rows,
                   emphasis: { label: { show: true }, itemStyle: { areaColor: "#f5b041" } } }]
      }, true);
    }
    fetch(el.getAttribute("data-geo"), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (geo) {
        echarts.registerMap("shandong-2019", geo);
        draw("value");
        el.setAttribute("data-ready", "1");
      });
    chart.on("click", function (p) {
      var link = p.data && p.data.link;
      if (!link && p.name) link = "/ledger/?city=" + encodeURIComponent(p.name) + "&outcome=eliminate";
      if (link) window.location.href = link;
    });
    document.querySelectorAll("input[name=map-mode]").forEach(function (input) {
      input.addEventListener("change", function () { if (input.checked) draw(input.value); });
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
})();
