/** The "From" and "To" day pickers of a range (the sales search and the custom range summary). */
export function DateRangeFields({
  from,
  to,
  onFrom,
  onTo,
}: {
  from: string;
  to: string;
  onFrom: (date: string) => void;
  onTo: (date: string) => void;
}) {
  return (
    <>
      <label>
        From
        <input type="date" value={from} onChange={(e) => onFrom(e.target.value)} />
      </label>
      <label>
        To
        <input type="date" value={to} onChange={(e) => onTo(e.target.value)} />
      </label>
    </>
  );
}
