// The TV's minimum type size: 24 px on a 1080-line screen, scaled with the screen (48 px at 4K), so text on a wall
// TV stays readable from about 5 m whatever the resolution. A TV is the viewport; its short side sets the scale.
export const TV_MIN_FONT_AT_1080 = 24;

export function tvMinFont(width: number, height: number): number {
  const short = Math.min(width, height);
  if (!(short > 0)) return TV_MIN_FONT_AT_1080;
  return Math.round((short / 1080) * TV_MIN_FONT_AT_1080 * 10) / 10;
}
