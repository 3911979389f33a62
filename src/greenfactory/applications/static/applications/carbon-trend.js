// Draws the carbon trend as lines with the platform's vendored ECharts. The numbers and labels
// come from the page (a json_script block, in the page's language); the table beside the chart
// holds the same numbers. No inline code: the page's strict CSP holds.
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("carbon-trend-data");
    var container = document.getElementById("carbon-trend-chart");
    if (!source || !container || !window.echarts) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var instance = window.echarts.init(container, null, { renderer: "canvas" });
    instance.setOption({
      animation: false,
      aria: { enabled: true },
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 24, top: 48, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.categories },
      yAxis: { type: "value", name: data.unit },
      series: data.series.map(function (series) {
        return { name: series.name, type: "line", data: series.data, emphasis: { focus: "series" } };
      }),
    });
    container.setAttribute("data-rendered", "true");
    window.addEventListener("resize", function () {
      instance.resize();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
