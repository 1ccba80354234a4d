/**
 * Which day the merchant's screens show when the location changes. Days are local to a location, so "today"
 * differs between zones: at 22:00 in Los Angeles it is already tomorrow in New York. Someone looking at
 * today keeps looking at today in the new location's zone; a day they picked stays, unless it has not yet
 * begun there (it would show nothing but an empty day).
 */
export function dayAfterLocationChange(
  shownDay: string | null,
  previousToday: string | null,
  nextToday: string | null,
): string | null {
  if (nextToday === null) return shownDay;
  if (shownDay === null || shownDay === previousToday || shownDay > nextToday) return nextToday;
  return shownDay;
}
