import type { GraphJson } from '../data/graph-json.ts';
import type { DisplayGraph } from './display-graph.ts';

/** The drawn graph back as graph JSON (schema 1), so it reopens in static mode. */
export function toGraphJson(g: DisplayGraph, attributes: Record<string, unknown> = {}): GraphJson {
  const nodes = g.mapNodes((key, a) => ({ key, attributes: a.data }));
  const edges = g
    .mapEdges((_e, a, source, target) =>
      a.members.map((m, i) => ({
        key: `${source}|${target}|${a.label}|${i}`,
        source,
        target,
        attributes: m,
      })),
    )
    .flat();
  return {
    attributes: { generator: 'flowlens', schema: 1, ...attributes },
    options: { type: 'directed', multi: true, allowSelfLoops: true },
    nodes,
    edges,
  };
}

const dotString = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;

/** Graphviz DOT of the drawn graph: labels are the port labels, colours the link states. */
export function toDot(g: DisplayGraph): string {
  const lines = [
    'digraph flowlens {',
    '  node [shape=ellipse, style=filled, fontname="sans-serif"];',
  ];
  g.forEachNode((n, a) => lines.push(`  ${dotString(n)} [fillcolor=${dotString(a.color)}];`));
  g.forEachEdge((_e, a, s, t) =>
    lines.push(
      `  ${dotString(s)} -> ${dotString(t)} [label=${dotString(a.label)}, color=${dotString(a.color)}];`,
    ),
  );
  lines.push('}');
  return lines.join('\n') + '\n';
}

const xml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

interface Box {
  minX: number;
  minY: number;
  scale: number;
}

function boxOf(g: DisplayGraph, size: number): Box {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  g.forEachNode((_n, a) => {
    [minX, minY, maxX, maxY] = [
      Math.min(minX, a.x),
      Math.min(minY, a.y),
      Math.max(maxX, a.x),
      Math.max(maxY, a.y),
    ];
  });
  const span = Math.max(maxX - minX, maxY - minY, 1e-9);
  return { minX, minY, scale: (size - 80) / span };
}

function edgePath(x1: number, y1: number, x2: number, y2: number, curvature: number): string {
  if (curvature === 0) {
    return `M${x1.toFixed(1)},${y1.toFixed(1)} L${x2.toFixed(1)},${y2.toFixed(1)}`;
  }
  const [mx, my] = [(x1 + x2) / 2, (y1 + y2) / 2];
  const [cx, cy] = [mx + (y2 - y1) * curvature, my - (x2 - x1) * curvature];
  return `M${x1.toFixed(1)},${y1.toFixed(1)} Q${cx.toFixed(1)},${cy.toFixed(1)} ${x2.toFixed(1)},${y2.toFixed(1)}`;
}

/** A standalone SVG of the current layout (graph y grows upwards, SVG y downwards). */
export function toSvg(g: DisplayGraph, size = 1200): string {
  const b = boxOf(g, size);
  const px = (x: number) => 40 + (x - b.minX) * b.scale;
  const py = (y: number) => size - 40 - (y - b.minY) * b.scale;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
  ];
  g.forEachEdge((_e, a, s, t) => {
    const [sa, ta] = [g.getNodeAttributes(s), g.getNodeAttributes(t)];
    const d = edgePath(px(sa.x), py(sa.y), px(ta.x), py(ta.y), a.curvature);
    out.push(
      `<path d="${d}" fill="none" stroke="${a.color}" stroke-width="${a.size.toFixed(1)}"><title>${xml(a.label)}</title></path>`,
    );
  });
  g.forEachNode((n, a) => {
    const [x, y] = [px(a.x).toFixed(1), py(a.y).toFixed(1)];
    out.push(
      `<circle cx="${x}" cy="${y}" r="${a.size.toFixed(1)}" fill="${a.color}"><title>${xml(n)}</title></circle>`,
    );
    out.push(
      `<text x="${x}" y="${y}" dx="${(a.size + 2).toFixed(1)}" font-size="11">${xml(a.label)}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('\n');
}

/** PNG of the SVG rendering (no WebGL buffer read-back, so it works on every GPU setting). */
export async function toPng(g: DisplayGraph, size = 1600): Promise<Blob> {
  const svg = new Blob([toSvg(g, size)], { type: 'image/svg+xml' });
  const url = URL.createObjectURL(svg);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = size;
    canvas.getContext('2d')!.drawImage(img, 0, 0);
    return await new Promise((resolve, reject) =>
      canvas.toBlob(
        (b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
