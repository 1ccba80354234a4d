// Type-level checks of the emulated Terminal JS SDK against what @stripe/terminal-js 0.26 publishes (compiled
// by ./tsconfig.json, part of `pnpm typecheck`; nothing here runs). For every method of the published
// `Terminal`: the emulated one exists, takes exactly the published parameters, and resolves to something the
// published result type accepts. Deliberate differences are listed, each with its reason.
import type {
  ErrorResponse,
  SimulatorConfiguration,
  StripeTerminal,
  Terminal,
  TerminalProps,
} from '@stripe/terminal-js';
import type { EmulatedStripeTerminal, EmulatedTerminal } from './stripe-terminal.ts';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assignable<From, To> = [From] extends [To] ? true : false;
type Expect<T extends true> = T;

/**
 * Methods whose emulated signature differs from the published one, on purpose:
 * - getConnectedReader returns null when no reader is connected (the published type says `Reader`);
 * - setSimulatorConfiguration takes the published SimulatorConfiguration plus the emulator's extensions
 *   (the published parameter is `any`);
 * - the methods the emulator does not emulate accept their arguments as `unknown` and always resolve to
 *   `{ error }` (ErrorResponse is in every published result type).
 */
type Unsupported =
  | 'collectInputs'
  | 'cancelCollectInputs'
  | 'readReusableCard'
  | 'cancelReadReusableCard'
  | 'collectSetupIntentPaymentMethod'
  | 'cancelCollectSetupIntentPaymentMethod'
  | 'confirmSetupIntent'
  | 'cancelConfirmSetupIntent'
  | 'collectRefundPaymentMethod'
  | 'cancelCollectRefundPaymentMethod'
  | 'processRefund'
  | 'cancelProcessRefund'
  | 'setReaderSettings'
  | 'getReaderSettings'
  | 'print';
type Different = 'getConnectedReader' | 'setSimulatorConfiguration' | Unsupported;

type Method = keyof Terminal;

/** Every published method exists on the emulated Terminal. */
export type AllMethodsPresent = Expect<Assignable<Method, keyof EmulatedTerminal>>;

type ParametersOf<T> = T extends (...args: infer P) => unknown ? P : never;
type ResultOf<T> = T extends (...args: never[]) => infer R ? Awaited<R> : never;

/** The keys of `Checks` whose check is not `true`. */
type Failing<Checks> = { [K in keyof Checks]: Checks[K] extends true ? never : K }[keyof Checks];

/** Each emulated method takes exactly the published parameters. */
type ParameterChecks = {
  [K in Exclude<Method, Different>]: Equal<ParametersOf<EmulatedTerminal[K]>, ParametersOf<Terminal[K]>>;
};
/** Each emulated method resolves to a value of the published result type. */
type ResultChecks = {
  [K in Exclude<Method, 'getConnectedReader'>]: Assignable<
    ResultOf<EmulatedTerminal[K]>,
    ResultOf<Terminal[K]>
  >;
};
/** The unsupported methods resolve to the published error shape. */
type UnsupportedChecks = { [K in Unsupported]: Assignable<ResultOf<EmulatedTerminal[K]>, ErrorResponse> };

// A failing check names the methods: "Type '"none"' is not assignable to type '"collectPaymentMethod"'".
export const methodsWithOtherParameters: [Failing<ParameterChecks>] extends [never]
  ? 'none'
  : Failing<ParameterChecks> = 'none';
export const methodsWithOtherResults: [Failing<ResultChecks>] extends [never]
  ? 'none'
  : Failing<ResultChecks> = 'none';
export const unsupportedMethodsNotResolvingToErrors: [Failing<UnsupportedChecks>] extends [never]
  ? 'none'
  : Failing<UnsupportedChecks> = 'none';

export type ConnectedReaderIsPublishedReaderOrNull = Expect<
  Equal<ReturnType<EmulatedTerminal['getConnectedReader']>, ReturnType<Terminal['getConnectedReader']> | null>
>;
export type SimulatorConfigurationExtendsPublished = Expect<
  Assignable<ReturnType<EmulatedTerminal['getSimulatorConfiguration']>, SimulatorConfiguration>
>;

/** `StripeTerminal.create` takes the published props. */
export type CreateTakesPublishedProps = Expect<
  Equal<Parameters<EmulatedStripeTerminal['create']>, Parameters<StripeTerminal['create']>>
>;
export type CreateTakesTerminalProps = Expect<
  Equal<Parameters<EmulatedStripeTerminal['create']>[0], TerminalProps>
>;
