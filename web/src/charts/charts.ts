// Loads the chart bundle (/charts.js, ECharts) once, on first use.

export interface Charts {
  /** Draws (or redraws) an ECharts option into the element; returns what disposes of it. */
  draw(element: HTMLElement, option: Record<string, unknown>): () => void;
}

let loading: Promise<Charts> | undefined;

export function loadCharts(): Promise<Charts> {
  loading ??= new Promise<Charts>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/charts.js';
    script.onload = () => resolve((window as unknown as { xianjieCharts: Charts }).xianjieCharts);
    script.onerror = () => {
      loading = undefined;
      reject(new Error('图表组件加载失败'));
    };
    document.head.appendChild(script);
  });
  return loading;
}
