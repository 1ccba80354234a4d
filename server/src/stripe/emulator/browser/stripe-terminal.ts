/*
 * Emulated Stripe Terminal JS SDK (what https://js.stripe.com/terminal/v1 installs), for offline runs, written
 * against the `Terminal` interface @stripe/terminal-js 0.26 publishes (its types are checked by
 * ./tsconfig.json; stripe-terminal.type-check.ts compares every method's parameters and results with the
 * published ones). The server serves it transpiled, as one classic script (../terminal-script.ts).
 *
 * Emulates: `window.StripeTerminal.create(props)` and the Terminal methods a point of sale uses —
 * discoverReaders, connectReader (fresh connection token per connect, fail_if_in_use), disconnectReader,
 * status getters and the onConnectionStatusChange / onPaymentStatusChange callbacks, clearCachedCredentials,
 * setReaderDisplay / clearReaderDisplay, collectPaymentMethod (a simulated card is "presented" after
 * presentDelayMs, cancellable), processPayment, cancelProcessPayment, setSimulatorConfiguration /
 * getSimulatorConfiguration, overrideBaseURL, and a session heartbeat that raises onUnexpectedReaderDisconnect
 * when the reader is taken over, goes offline or is deleted. It talks to the emulator's
 * `/_emulator/terminal-sdk/*` back end (../terminal-sdk.routes.ts) at the origin of its own <script src>.
 *
 * Does NOT emulate: SetupIntents, refunds (collectRefundPaymentMethod/processRefund), collectInputs,
 * readReusableCard, reader settings, printing — those resolve to `{ error: { code: 'unsupported_operation' } }`.
 * Every method resolves (never rejects); failures are `{ error: { code, message, … } }` (ExposedError).
 *
 * One file on purpose, though over 500 lines: the browser loads it with a <script> tag as it loads Stripe's
 * own SDK, as a single classic script (no imports at run time); the only imports are types, erased when the
 * server transpiles it. It has one job, the SDK's Terminal object.
 */
import type {
  ConnectionStatus,
  ConnectOptions,
  DisconnectEvent,
  DiscoverResult,
  DiscoveryConfig,
  ErrorResponse,
  ExposedError,
  ICollectConfig,
  IPaymentIntent,
  IProcessConfig,
  ISdkManagedPaymentIntent,
  ISetReaderDisplayRequest,
  ITipConfiguration,
  PaymentStatus,
  Reader,
  SimulatorConfiguration,
  TerminalProps,
} from '@stripe/terminal-js';

/** The published SDK's status enums exist only as types; at run time they are these strings. */
export const PaymentStatusValues = Object.freeze({
  NOT_READY: 'not_ready',
  READY: 'ready',
  WAITING_FOR_INPUT: 'waiting_for_input',
  PROCESSING: 'processing',
} as const satisfies Record<keyof typeof PaymentStatus, `${PaymentStatus}`>);

export const ConnectionStatusValues = Object.freeze({
  CONNECTING: 'connecting',
  CONNECTED: 'connected',
  NOT_CONNECTED: 'not_connected',
} as const satisfies Record<keyof typeof ConnectionStatus, `${ConnectionStatus}`>);

export const OutputLogLevelValues = Object.freeze({ NONE: 'none', VERBOSE: 'verbose' } as const);

type PaymentStatusValue = (typeof PaymentStatusValues)[keyof typeof PaymentStatusValues];
type ConnectionStatusValue = (typeof ConnectionStatusValues)[keyof typeof ConnectionStatusValues];

/** The string a status has at run time, as the published enum type (the SDK's callbacks and getters use it). */
const asPaymentStatus = (status: PaymentStatusValue): PaymentStatus => status as PaymentStatus;
const asConnectionStatus = (status: ConnectionStatusValue): ConnectionStatus => status as ConnectionStatus;

/** Simulator test payment methods → card numbers (https://docs.stripe.com/terminal/references/testing). */
export const TEST_PAYMENT_METHODS = Object.freeze({
  visa: '4242424242424242',
  visa_debit: '4000056655665556',
  mastercard: '5555555555554444',
  mastercard_debit: '5200828282828210',
  mastercard_prepaid: '5105105105105100',
  amex: '378282246310005',
  amex2: '371449635398431',
  discover: '6011111111111117',
  discover2: '6011000990139424',
  diners: '3056930009020004',
  diners_14digits: '36227206271667',
  jcb: '3566002020360505',
  unionpay: '6200000000000005',
  interac: '4506445006931933',
  eftpos_au_debit: '5555050360000080',
  eftpos_au_visa_debit: '4000050360000001',
  charge_declined: '4000000000000002',
  charge_declined_insufficient_funds: '4000000000009995',
  charge_declined_lost_card: '4000000000009987',
  charge_declined_stolen_card: '4000000000009979',
  charge_declined_expired_card: '4000000000000069',
  charge_declined_processing_error: '4000000000000119',
  refund_fail: '4000000000005126',
  offline_pin_cvm: '4001007020000002',
  offline_pin_sca_retry: '4000008260000075',
  online_pin_cvm: '4001000360000005',
  online_pin_sca_retry: '4000002760000008',
} as const);

/** The published SimulatorConfiguration, plus what the emulated reader can also be told to do. */
export interface EmulatedSimulatorConfiguration extends SimulatorConfiguration {
  /** Emulator extension: the customer presses Cancel on the reader. */
  customerCancel?: boolean;
  /** Emulator extension: how long until the card is presented (default 600 ms). */
  presentDelayMs?: number;
}

/** The SDK-managed PaymentIntent's card details (`sdk_payment_details.card_payment`). */
type CardPayment = NonNullable<ISdkManagedPaymentIntent['sdk_payment_details']['card_payment']>;

const DEFAULT_CARD = TEST_PAYMENT_METHODS.visa;
const DEFAULT_PRESENT_DELAY_MS = 600;
const HEARTBEAT_INTERVAL_MS = 1000;
/** Consecutive failed heartbeats (network errors) before the SDK gives the reader up as lost. */
const HEARTBEAT_MAX_FAILURES = 5;

/** The base URL of the emulator: the origin this script was loaded from. */
function scriptOrigin(): string {
  const current = typeof document !== 'undefined' ? document.currentScript : null;
  const src = current !== null && 'src' in current ? String(current.src) : '';
  if (src !== '') return new URL(src).origin;
  return window.location.origin;
}

function failure(code: string, message: string, extra: Partial<ExposedError> = {}): ErrorResponse {
  return { error: { ...extra, code, message } };
}

/** A random session id for one reader connection. */
function newSessionId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `sess_${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
}

/** The SDK's card_brand for a test card number. */
function brandOf(number: string): CardPayment['card_brand'] {
  if (/^4/.test(number)) return 'VISA';
  if (/^(5[1-5]|2[2-7])/.test(number)) return 'MASTERCARD';
  if (/^3[47]/.test(number)) return 'AMERICAN_EXPRESS';
  if (/^(6011|65|64[4-9])/.test(number)) return 'DISCOVER';
  if (/^3(0|6|8|9)/.test(number)) return 'DINERS';
  if (/^35/.test(number)) return 'JCB';
  if (/^62/.test(number)) return 'CUP';
  return 'UNKNOWN_CREDIT';
}

/** What a call to the back end answers: its JSON body, or the SDK's error. */
type BackEndResult<T> = { data: T } | ErrorResponse;

interface SessionState {
  connected: boolean;
  reason?: 'taken_over' | 'offline' | 'deleted';
}

function isError<T>(result: BackEndResult<T>): result is ErrorResponse {
  return 'error' in result;
}

/** One Terminal, as `StripeTerminal.create(props)` returns it. */
export class EmulatedTerminal {
  private baseUrl: string;
  private readonly verbose: boolean;
  private token: string | null = null;
  /** Whether the current token has already been used to connect a reader (then a connect fetches anew). */
  private tokenUsedForConnect = false;
  private connectionStatus: ConnectionStatusValue = ConnectionStatusValues.NOT_CONNECTED;
  private paymentStatus: PaymentStatusValue = PaymentStatusValues.NOT_READY;
  private reader: Reader | null = null;
  private sessionId: string | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private heartbeatFailures = 0;
  private heartbeatInFlight = false;
  private simulator: EmulatedSimulatorConfiguration = {};
  /** The pending collect's interrupt: settles the wait early with an error. */
  private interruptCollect: ((error: ErrorResponse) => void) | null = null;
  private processing = false;
  /** Whether the card has been read and the collect request is on its way (too late to cancel). */
  private collectInFlight = false;

  constructor(
    private readonly props: TerminalProps,
    baseUrl: string,
  ) {
    if (typeof props?.onFetchConnectionToken !== 'function') {
      throw new TypeError(
        'StripeTerminal.create: onFetchConnectionToken must be a function returning a Promise',
      );
    }
    this.baseUrl = baseUrl;
    this.verbose = props.logLevel === OutputLogLevelValues.VERBOSE;
  }

  private log(...args: unknown[]): void {
    if (this.verbose) console.log('[StripeTerminal emulator]', ...args);
  }

  private setConnectionStatus(status: ConnectionStatusValue): void {
    if (this.connectionStatus === status) return;
    this.connectionStatus = status;
    this.props.onConnectionStatusChange?.({ status: asConnectionStatus(status) });
  }

  private setPaymentStatus(status: PaymentStatusValue): void {
    if (this.paymentStatus === status) return;
    this.paymentStatus = status;
    this.props.onPaymentStatusChange?.({ status: asPaymentStatus(status) });
  }

  /** A fresh connection token from the app's backend, or the SDK's error. */
  private async fetchToken(): Promise<string | ErrorResponse> {
    try {
      const secret: unknown = await this.props.onFetchConnectionToken();
      if (typeof secret !== 'string' || !secret.startsWith('pst_')) {
        return failure('invalid_connection_token', 'Expected Promise that resolves to pst_xxxxx');
      }
      this.token = secret;
      this.tokenUsedForConnect = false;
      return secret;
    } catch (error) {
      this.token = null;
      const detail = error instanceof Error ? error.message : String(error);
      return failure('failed_fetch_connection_token', `onFetchConnectionToken failed: ${detail}`);
    }
  }

  /** One call to the emulator back end. Retries once with a fresh token when the token expired. */
  private async call<T>(method: 'GET' | 'POST', path: string, body?: object): Promise<BackEndResult<T>> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      if (!this.token) {
        const fetched = await this.fetchToken();
        if (typeof fetched !== 'string') return fetched;
      }
      let response: Response;
      try {
        response = await fetch(`${this.baseUrl}/_emulator/terminal-sdk${path}`, {
          method,
          headers: {
            authorization: `Bearer ${this.token}`,
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
          body: body ? JSON.stringify(body) : null,
        });
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        return failure('network_error', `Could not reach the reader service: ${detail}`);
      }
      let payload: unknown = null;
      try {
        payload = await response.json();
      } catch {
        return failure('network_error', `The reader service answered ${response.status} without JSON`);
      }
      if (response.ok) return { data: payload as T };
      const error =
        typeof payload === 'object' && payload !== null && 'error' in payload
          ? (payload.error as Partial<ExposedError> | null)
          : null;
      if (response.status === 401 && error?.code === 'invalid_connection_token' && attempt === 0) {
        this.log('connection token rejected; fetching a new one');
        this.token = null;
        continue;
      }
      if (!error) return failure('network_error', `The reader service answered ${response.status}`);
      return {
        error: {
          ...error,
          code: String(error.code ?? error.type ?? 'api_error'),
          message: String(error.message ?? 'The reader service returned an error'),
        },
      };
    }
    return failure('invalid_connection_token', 'The connection token was rejected');
  }

  private stopHeartbeat(): void {
    if (this.heartbeat !== null) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.heartbeatFailures = 0;
    this.heartbeatInFlight = false;
  }

  /** Forgets the connection locally (no request); the next connect fetches a new token. */
  private dropConnection(): void {
    this.stopHeartbeat();
    this.reader = null;
    this.sessionId = null;
    this.token = null;
    this.setPaymentStatus(PaymentStatusValues.NOT_READY);
    this.setConnectionStatus(ConnectionStatusValues.NOT_CONNECTED);
  }

  private loseReader(message: string): void {
    this.log('reader lost:', message);
    const interrupt = this.interruptCollect;
    this.dropConnection();
    interrupt?.(failure('reader_connection_interrupted', message));
    const event: DisconnectEvent = { error: { code: 'reader_connection_interrupted', message } };
    this.props.onUnexpectedReaderDisconnect?.(event);
  }

  private static describeLoss(reason: SessionState['reason']): string {
    if (reason === 'taken_over') return 'Another register connected to this reader.';
    if (reason === 'offline') return 'The reader went offline.';
    if (reason === 'deleted') return 'The reader was removed.';
    return 'The connection to the reader was lost.';
  }

  private async beat(): Promise<void> {
    if (this.heartbeatInFlight || !this.reader || !this.sessionId) return;
    this.heartbeatInFlight = true;
    const session = this.sessionId;
    const result = await this.call<SessionState>(
      'GET',
      `/readers/${encodeURIComponent(this.reader.id)}/session?session_id=${encodeURIComponent(session)}`,
    );
    this.heartbeatInFlight = false;
    if (this.sessionId !== session) return; // disconnected or reconnected meanwhile
    if (isError(result)) {
      if (result.error.code === 'resource_missing') {
        this.loseReader(EmulatedTerminal.describeLoss('deleted'));
        return;
      }
      this.heartbeatFailures += 1;
      if (this.heartbeatFailures >= HEARTBEAT_MAX_FAILURES) {
        this.loseReader(EmulatedTerminal.describeLoss(undefined));
      }
      return;
    }
    this.heartbeatFailures = 0;
    if (result.data?.connected === false) this.loseReader(EmulatedTerminal.describeLoss(result.data.reason));
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    this.heartbeat = setInterval(() => {
      void this.beat();
    }, HEARTBEAT_INTERVAL_MS);
  }

  /** The connected reader and session, or the SDK's error when there is none. */
  private connection(): { reader: Reader; sessionId: string } | ErrorResponse {
    if (!this.reader || !this.sessionId || this.connectionStatus !== ConnectionStatusValues.CONNECTED) {
      return failure('no_established_connection', 'No reader is connected. Connect to a reader first.');
    }
    return { reader: this.reader, sessionId: this.sessionId };
  }

  /**
   * Waits for the simulated card presentation; resolves null when the time is up, or the error a cancel /
   * disconnect interrupted it with.
   */
  private waitForPresentation(ms: number): Promise<ErrorResponse | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.interruptCollect = null;
        resolve(null);
      }, ms);
      this.interruptCollect = (error) => {
        clearTimeout(timer);
        this.interruptCollect = null;
        resolve(error);
      };
    });
  }

  private simulatedPaymentMethod(): { type: 'card_present' | 'interac_present'; number: string } {
    const type = this.simulator.paymentMethodType === 'interac_present' ? 'interac_present' : 'card_present';
    const name = this.simulator.testPaymentMethod;
    const named =
      name && name in TEST_PAYMENT_METHODS
        ? TEST_PAYMENT_METHODS[name as keyof typeof TEST_PAYMENT_METHODS]
        : undefined;
    const number = this.simulator.testCardNumber || named;
    return {
      type,
      number: number || (type === 'interac_present' ? TEST_PAYMENT_METHODS.interac : DEFAULT_CARD),
    };
  }

  getConnectionStatus(): ConnectionStatus {
    return asConnectionStatus(this.connectionStatus);
  }

  getPaymentStatus(): PaymentStatus {
    return asPaymentStatus(this.paymentStatus);
  }

  /** The connected reader, or null when none is (the published type omits the null). */
  getConnectedReader(): Reader | null {
    return this.reader;
  }

  async discoverReaders(config?: DiscoveryConfig): Promise<DiscoverResult | ErrorResponse> {
    const query = new URLSearchParams();
    if (config?.location) query.set('location', config.location);
    if (config?.device_type) query.set('device_type', config.device_type);
    const search = query.toString();
    const result = await this.call<{ data?: Reader[] }>('GET', `/readers${search ? `?${search}` : ''}`);
    if (isError(result)) return result;
    return { discoveredReaders: Array.isArray(result.data?.data) ? result.data.data : [] };
  }

  async connectReader(
    target: Reader,
    connectOptions?: ConnectOptions,
  ): Promise<ErrorResponse | { reader: Reader }> {
    if (!target || typeof target.id !== 'string') {
      return failure('invalid_reader_shape', 'connectReader expects a reader from discoverReaders');
    }
    if (this.reader || this.connectionStatus === ConnectionStatusValues.CONNECTING) {
      return failure('already_connected', 'Already connected to a reader. Disconnect first.');
    }
    this.setConnectionStatus(ConnectionStatusValues.CONNECTING);
    // Stripe's SDK needs a fresh connection token for every new connection.
    if (!this.token || this.tokenUsedForConnect) {
      this.token = null;
      const fetched = await this.fetchToken();
      if (typeof fetched !== 'string') {
        this.setConnectionStatus(ConnectionStatusValues.NOT_CONNECTED);
        return fetched;
      }
    }
    this.tokenUsedForConnect = true;
    const session = newSessionId();
    const result = await this.call<{ reader?: Reader }>(
      'POST',
      `/readers/${encodeURIComponent(target.id)}/connect`,
      {
        session_id: session,
        fail_if_in_use: connectOptions?.fail_if_in_use === true,
      },
    );
    if (isError(result)) {
      this.setConnectionStatus(ConnectionStatusValues.NOT_CONNECTED);
      return result;
    }
    const reader = result.data?.reader ?? target;
    this.reader = reader;
    this.sessionId = session;
    this.setConnectionStatus(ConnectionStatusValues.CONNECTED);
    this.setPaymentStatus(PaymentStatusValues.READY);
    this.startHeartbeat();
    this.log('connected to', reader.id);
    return { reader };
  }

  async disconnectReader(): Promise<Record<string, never>> {
    if (!this.reader || !this.sessionId) {
      this.dropConnection();
      return {};
    }
    const readerId = this.reader.id;
    const session = this.sessionId;
    const interrupt = this.interruptCollect;
    this.stopHeartbeat();
    await this.call('POST', `/readers/${encodeURIComponent(readerId)}/disconnect`, { session_id: session });
    this.dropConnection();
    interrupt?.(failure('canceled', 'The reader was disconnected.'));
    return {};
  }

  async clearCachedCredentials(): Promise<Record<string, never> | ErrorResponse> {
    this.token = null;
    this.tokenUsedForConnect = false;
    return {};
  }

  async setReaderDisplay(request: ISetReaderDisplayRequest): Promise<ErrorResponse | Record<string, never>> {
    const connection = this.connection();
    if ('error' in connection) return connection;
    if (request?.type !== 'cart' || !request.cart) {
      return failure('invalid_argument', "setReaderDisplay expects { type: 'cart', cart }");
    }
    const result = await this.call('POST', `/readers/${encodeURIComponent(connection.reader.id)}/display`, {
      session_id: connection.sessionId,
      cart: request.cart,
    });
    return isError(result) ? result : {};
  }

  async clearReaderDisplay(): Promise<Record<string, never> | ErrorResponse> {
    const connection = this.connection();
    if ('error' in connection) return connection;
    const result = await this.call('POST', `/readers/${encodeURIComponent(connection.reader.id)}/display`, {
      session_id: connection.sessionId,
      cart: null,
    });
    return isError(result) ? result : {};
  }

  async collectPaymentMethod(
    request: string,
    options?: { tip_configuration?: ITipConfiguration; config_override?: ICollectConfig },
  ): Promise<ErrorResponse | { paymentIntent: ISdkManagedPaymentIntent }> {
    const connection = this.connection();
    if ('error' in connection) return connection;
    if (typeof request !== 'string' || !request.includes('_secret_')) {
      return failure('invalid_payment_intent_input_shape', 'collectPaymentMethod expects a client secret');
    }
    if (this.interruptCollect || this.collectInFlight || this.processing) {
      return failure('illegal_state', 'A collectPaymentMethod or processPayment is already in progress.');
    }
    this.setPaymentStatus(PaymentStatusValues.WAITING_FOR_INPUT);
    const delay =
      typeof this.simulator.presentDelayMs === 'number' && this.simulator.presentDelayMs >= 0
        ? this.simulator.presentDelayMs
        : DEFAULT_PRESENT_DELAY_MS;
    const interrupted = await this.waitForPresentation(delay);
    if (interrupted) {
      if (this.reader) this.setPaymentStatus(PaymentStatusValues.READY);
      return interrupted;
    }
    if (this.simulator.customerCancel) {
      this.setPaymentStatus(PaymentStatusValues.READY);
      return failure('canceled_by_customer', 'The customer canceled the payment on the reader.');
    }
    const readerId = this.reader?.id;
    if (!readerId) return failure('no_established_connection', 'The reader disconnected.');
    const paymentMethod = this.simulatedPaymentMethod();
    const skipTipping = options?.config_override?.skip_tipping === true;
    const eligible = options?.config_override?.tipping?.eligible_amount;
    const tipAmount =
      !skipTipping && typeof this.simulator.tipAmount === 'number' ? this.simulator.tipAmount : null;
    const body: Record<string, unknown> = {
      session_id: this.sessionId,
      client_secret: request,
      payment_method: paymentMethod,
      skip_tipping: skipTipping,
    };
    if (tipAmount !== null) body.tip_amount = tipAmount;
    if (typeof eligible === 'number') body.tipping_eligible_amount = eligible;
    this.collectInFlight = true;
    const result = await this.call<{ payment_intent: IPaymentIntent }>(
      'POST',
      `/readers/${encodeURIComponent(readerId)}/collect`,
      body,
    );
    this.collectInFlight = false;
    if (this.reader) this.setPaymentStatus(PaymentStatusValues.READY);
    if (isError(result)) return result;
    const cardPayment: CardPayment = {
      masked_pan: paymentMethod.number.slice(-4).padStart(paymentMethod.number.length, '*'),
      expiration_date: '12/34',
      card_brand: brandOf(paymentMethod.number),
      card_entry_method: 'CONTACTLESS',
    };
    return {
      paymentIntent: {
        ...result.data.payment_intent,
        sdk_payment_details: {
          card_payment: cardPayment,
          tip_selection: tipAmount !== null && tipAmount > 0 ? { amount: tipAmount } : null,
        },
      },
    };
  }

  async cancelCollectPaymentMethod(): Promise<ErrorResponse | Record<string, never>> {
    if (this.collectInFlight)
      return failure('cancelable_already_completed', 'The card has already been read.');
    if (!this.interruptCollect) {
      return failure(
        'no_active_collect_payment_method_attempt',
        'There is no collectPaymentMethod waiting for a card.',
      );
    }
    this.interruptCollect(failure('canceled', 'collectPaymentMethod was canceled.'));
    return {};
  }

  async processPayment(
    request: ISdkManagedPaymentIntent,
    _options?: { config_override?: IProcessConfig },
  ): Promise<ErrorResponse | { paymentIntent: IPaymentIntent }> {
    const connection = this.connection();
    if ('error' in connection) return connection;
    if (!request || typeof request.id !== 'string') {
      return failure(
        'invalid_payment_intent_input_shape',
        'processPayment expects the collected PaymentIntent',
      );
    }
    if (this.processing || this.interruptCollect) {
      return failure('illegal_state', 'A collectPaymentMethod or processPayment is already in progress.');
    }
    this.processing = true;
    this.setPaymentStatus(PaymentStatusValues.PROCESSING);
    const result = await this.call<{ payment_intent: IPaymentIntent }>(
      'POST',
      `/readers/${encodeURIComponent(connection.reader.id)}/process`,
      { session_id: connection.sessionId, payment_intent: request.id },
    );
    this.processing = false;
    if (this.reader) this.setPaymentStatus(PaymentStatusValues.READY);
    if (isError(result)) return result;
    return { paymentIntent: result.data.payment_intent };
  }

  async cancelProcessPayment(): Promise<ErrorResponse | Record<string, never>> {
    // The emulated reader confirms in one request, so a started processPayment cannot be interrupted.
    return failure(
      'cancelable_already_completed',
      this.processing
        ? 'The payment is already being processed and can no longer be canceled.'
        : 'There is no processPayment to cancel.',
    );
  }

  setSimulatorConfiguration(config: EmulatedSimulatorConfiguration | null | undefined): void {
    this.simulator = { ...(config ?? {}) };
  }

  getSimulatorConfiguration(): EmulatedSimulatorConfiguration {
    return { ...this.simulator };
  }

  overrideBaseURL(url: string): void {
    this.baseUrl = new URL(url).origin;
  }

  // ---- not emulated: each resolves to the SDK's error shape ----------------------------------------

  private async unsupported(): Promise<ErrorResponse> {
    return failure(
      'unsupported_operation',
      'This operation is not supported by the Countertop Terminal emulator.',
    );
  }

  collectInputs(_parameters: unknown): Promise<ErrorResponse> {
    return this.unsupported();
  }
  cancelCollectInputs(): Promise<ErrorResponse> {
    return this.unsupported();
  }
  readReusableCard(_options?: { customer?: string }): Promise<ErrorResponse> {
    return this.unsupported();
  }
  cancelReadReusableCard(): Promise<ErrorResponse> {
    return this.unsupported();
  }
  collectSetupIntentPaymentMethod(
    _clientSecret: string,
    _allowRedisplay: unknown,
    _config: unknown,
  ): Promise<ErrorResponse> {
    return this.unsupported();
  }
  cancelCollectSetupIntentPaymentMethod(): Promise<ErrorResponse> {
    return this.unsupported();
  }
  confirmSetupIntent(_setupIntent: unknown): Promise<ErrorResponse> {
    return this.unsupported();
  }
  cancelConfirmSetupIntent(): Promise<ErrorResponse> {
    return this.unsupported();
  }
  collectRefundPaymentMethod(
    _chargeId: string,
    _amount: number,
    _currency: string,
    _options?: unknown,
  ): Promise<ErrorResponse> {
    return this.unsupported();
  }
  cancelCollectRefundPaymentMethod(): Promise<ErrorResponse> {
    return this.unsupported();
  }
  processRefund(): Promise<ErrorResponse> {
    return this.unsupported();
  }
  cancelProcessRefund(): Promise<ErrorResponse> {
    return this.unsupported();
  }
  setReaderSettings(_request: unknown): Promise<ErrorResponse> {
    return this.unsupported();
  }
  getReaderSettings(): Promise<ErrorResponse> {
    return this.unsupported();
  }
  print(_content: unknown): Promise<ErrorResponse> {
    return this.unsupported();
  }
}

/** What the emulated script installs as `window.StripeTerminal`. */
export interface EmulatedStripeTerminal {
  create(props: TerminalProps): EmulatedTerminal;
  PaymentStatus: typeof PaymentStatusValues;
  ConnectionStatus: typeof ConnectionStatusValues;
  OutputLogLevel: typeof OutputLogLevelValues;
  /** Emulator extension: the simulator's test payment method names and their card numbers. */
  testPaymentMethods: typeof TEST_PAYMENT_METHODS;
}

const defaultBaseUrl = scriptOrigin();

const stripeTerminal: EmulatedStripeTerminal = {
  create: (props) => new EmulatedTerminal(props, defaultBaseUrl),
  PaymentStatus: PaymentStatusValues,
  ConnectionStatus: ConnectionStatusValues,
  OutputLogLevel: OutputLogLevelValues,
  testPaymentMethods: TEST_PAYMENT_METHODS,
};

(window as { StripeTerminal?: unknown }).StripeTerminal = stripeTerminal;
