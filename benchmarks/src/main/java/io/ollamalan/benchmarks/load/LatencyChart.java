package io.ollamalan.benchmarks.load;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Draws latency percentiles against offered load, one colour per client, to a PNG. */
public final class LatencyChart {

  private static final Color[] COLOURS = {
    new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd)
  };

  private LatencyChart() {}

  /** Writes the chart of {@code results} (several rates per target) to {@code png}. */
  public static void write(
      List<OpenLoop.Result> results, double p99BudgetMillis, String subtitle, Path png)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    Map<String, XYSeries[]> byTarget = new LinkedHashMap<>();
    for (OpenLoop.Result r : results) {
      XYSeries[] s =
          byTarget.computeIfAbsent(
              r.target(),
              t ->
                  new XYSeries[] {
                    new XYSeries(t + " p50"), new XYSeries(t + " p99"), new XYSeries(t + " p99.9")
                  });
      if (r.completed() == 0) {
        continue;
      }
      s[0].add(r.offeredPerSecond(), Math.max(r.p50Millis(), 0.01));
      s[1].add(r.offeredPerSecond(), Math.max(r.p99Millis(), 0.01));
      s[2].add(r.offeredPerSecond(), Math.max(r.p999Millis(), 0.01));
    }
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    int series = 0;
    int target = 0;
    float[][] dashes = {null, {6f, 4f}, {2f, 3f}};
    for (XYSeries[] s : byTarget.values()) {
      for (int k = 0; k < 3; k++) {
        data.addSeries(s[k]);
        renderer.setSeriesPaint(series, COLOURS[target % COLOURS.length]);
        renderer.setSeriesStroke(
            series,
            dashes[k] == null
                ? new BasicStroke(2f)
                : new BasicStroke(
                    2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dashes[k], 0f));
        series++;
      }
      target++;
    }
    NumberAxis x = new NumberAxis("offered load (requests/s, open loop)");
    LogAxis y = new LogAxis("latency from intended send time (ms)");
    y.setSmallestValue(0.01);
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    ValueMarker budget = new ValueMarker(p99BudgetMillis, Color.GRAY, new BasicStroke(1f));
    budget.setLabel("p99 budget " + p99BudgetMillis + " ms");
    plot.addRangeMarker(budget);
    JFreeChart chart =
        new JFreeChart(
            "Non-streamed chat latency against offered load",
            JFreeChart.DEFAULT_TITLE_FONT,
            plot,
            true);
    chart.addSubtitle(new TextTitle(subtitle));
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 600);
  }
}
