/**
 * The one button: `primary` (the main action of a screen or form), `secondary` (the default), `danger`
 * (destroys or moves money: pair it with a ConfirmDialog) and `link` (a quiet text action). `size` makes
 * it `small` (dense tables) or `big` (the counter's touch targets). A plain `<button type="button">`
 * unless `type="submit"` is given.
 */
import type { ButtonHTMLAttributes } from 'react';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'link';

export function buttonClass(variant: ButtonVariant = 'secondary', size?: 'small' | 'big', extra?: string) {
  return [variant === 'link' ? 'link' : 'button', variant === 'link' ? null : variant, size, extra]
    .filter(Boolean)
    .join(' ');
}

export function Button({
  variant = 'secondary',
  size,
  className,
  type = 'button',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: ButtonVariant;
  size?: 'small' | 'big';
  type?: 'button' | 'submit';
}) {
  return <button type={type} className={buttonClass(variant, size, className)} {...props} />;
}
