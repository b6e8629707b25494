// Series labels as the Prometheus UI prints them: `name{a="b", c="d"}`.

/** `name{a="b"}`; `{}` for an empty label set. */
export function seriesName(metric: Record<string, string>): string {
  const { __name__: name = '', ...rest } = metric;
  const labels = Object.entries(rest).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
  return labels || !name ? `${name}{${labels}}` : name;
}
