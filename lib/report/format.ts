/** How the reports write numbers and amounts, on every cloud. */

/** `6,000,000`: thousands separated, at most two decimals (`toLocaleString` is slow in bulk). */
export function count(n: number): string {
  const [whole, fraction] = (Math.round(n * 100) / 100).toString().split('.');
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (fraction ? `.${fraction}` : '');
}

/** `$0.35`, `$0.0004`: two decimals, four for sub-cent amounts. */
export function money(amount: number): string {
  if (amount !== 0 && Math.abs(amount) < 0.01) return `$${amount.toFixed(4)}`;
  return `$${amount.toFixed(2)}`;
}
