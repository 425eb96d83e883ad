export interface Point {
  x: number;
  y: number;
}

export type Rect = [topLeft: Point, bottomRight: Point];

export function distance(a: Point, b: Point): number {
  return Math.hypot(b.x - a.x, b.y - a.y);
}

/** Where a point lies relative to a rectangle. */
export function locate(point: Point, rect: Rect): 'inside' | 'edge' | 'outside' {
  const [tl, br] = rect;
  if (tl.x > br.x || tl.y > br.y) throw new Error('rect corners are out of order');
  const inX = point.x >= tl.x && point.x <= br.x;
  const inY = point.y >= tl.y && point.y <= br.y;
  if (!inX || !inY) return 'outside';
  if (point.x === tl.x || point.x === br.x || point.y === tl.y || point.y === br.y) return 'edge';
  return 'inside';
}

export function centroid(points: Point[]): Point | undefined {
  if (points.length === 0) return undefined;
  const sum = points.reduce((acc, p) => ({ x: acc.x + p.x, y: acc.y + p.y }), { x: 0, y: 0 });
  return { x: sum.x / points.length, y: sum.y / points.length };
}
