// Draws the dashboard's charts with the vendored ECharts. The numbers and every label come from
// the page (a json_script block, already in the page's language); the same numbers are in the
// table beside each chart. No inline code: the page's strict CSP holds.
(function () {
  "use strict";

  function valueAxis(name, integer) {
    return {
      type: "value",
      name: name || "",
      minInterval: integer ? 1 : 0,
      axisLabel: { hideOverlap: true },
    };
  }

  function allIntegers(chart) {
    return chart.series.every(function (series) {
      return series.data.every(function (value) {
        return Math.round(value) === value;
      });
    });
  }

  function optionFor(chart, labels) {
    var integer = allIntegers(chart);
    var categoryAxis = {
      type: "category",
      data: chart.categories,
      inverse: chart.horizontal,
      axisLabel: { interval: 0, hideOverlap: true, width: 200, overflow: "truncate" },
    };
    var valueAxes = chart.axes.map(function (name) {
      return valueAxis(name, integer);
    });
    var option = {
      animation: false,
      aria: { enabled: true },
      // Tooltips drawn on the canvas, not as HTML with style attributes the CSP refuses.
      tooltip: { trigger: "axis", renderMode: "richText", axisPointer: { type: "shadow" } },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 24, top: 48, bottom: 8, containLabel: true },
      xAxis: chart.horizontal ? valueAxes[0] : categoryAxis,
      yAxis: chart.horizontal ? categoryAxis : valueAxes,
      series: chart.series.map(function (series) {
        return {
          name: series.name,
          type: "bar",
          data: series.data,
          stack: chart.stacked ? "total" : undefined,
          yAxisIndex: chart.horizontal ? undefined : series.axis,
          barMaxWidth: 36,
          emphasis: { focus: "series" },
        };
      }),
    };
    if (!chart.categories.length) {
      option.title = {
        text: labels.noData,
        left: "center",
        top: "middle",
        textStyle: { color: "#6b7280", fontSize: 14, fontWeight: "normal" },
      };
      option.legend = { show: false };
    }
    return option;
  }

  function draw() {
    var source = document.getElementById("dashboard-charts");
    if (!source || !window.echarts) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var drawn = [];
    data.charts.forEach(function (chart) {
      var container = document.getElementById("chart-" + chart.key);
      if (!container) {
        return;
      }
      var instance = window.echarts.init(container, null, {
        renderer: "canvas",
        locale: data.locale,
      });
      instance.setOption(optionFor(chart, data.labels));
      container.setAttribute("data-rendered", "true");
      drawn.push(instance);
    });
    window.addEventListener("resize", function () {
      drawn.forEach(function (instance) {
        instance.resize();
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
