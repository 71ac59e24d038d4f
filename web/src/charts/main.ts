// The console's chart library: ECharts (echarts/core with the line and bar charts only),
// drawn as SVG. A bundle of its own (charts.js), which the assessment view loads when it
// is opened, so the other views do not carry it. It sets `window.xianjieCharts`.
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { Charts } from './charts';

echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, SVGRenderer]);

const charts: Charts = {
  draw(element, option) {
    const chart = echarts.getInstanceByDom(element) ?? echarts.init(element, undefined, { renderer: 'svg' });
    chart.setOption(option as echarts.EChartsCoreOption, true);
    return () => chart.dispose();
  },
};
(window as unknown as { xianjieCharts: Charts }).xianjieCharts = charts;
