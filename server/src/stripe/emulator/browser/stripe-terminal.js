/*
 * Emulated Stripe Terminal JS SDK (what https://js.stripe.com/terminal/v1 installs), for offline runs.
 *
 * Emulates: `window.StripeTerminal.create(props)` and the `@stripe/terminal-js` 0.26 `Terminal` methods a
 * point of sale uses — discoverReaders, connectReader (fresh connection token per connect, fail_if_in_use),
 * disconnectReader, status getters and callbacks, clearCachedCredentials, setReaderDisplay /
 * clearReaderDisplay, collectPaymentMethod (a simulated card is "presented" after presentDelayMs, cancellable),
 * processPayment, cancelProcessPayment, setSimulatorConfiguration / getSimulatorConfiguration, and a session
 * heartbeat that raises onUnexpectedReaderDisconnect when the reader is taken over, goes offline or is deleted.
 * It talks to the emulator's `/_emulator/terminal-sdk/*` back end at the origin of its own <script src>.
 *
 * Does NOT emulate: SetupIntents, refunds (collectRefundPaymentMethod/processRefund), collectInputs,
 * readReusableCard, reader settings, printing — those resolve to `{ error: { code: 'unsupported_operation' } }`.
 * Every method resolves (never rejects); failures are `{ error: { code, message, ... } }`.
 *
 * One file on purpose, though over 500 lines (a third of them JSDoc types): the server serves it verbatim as
 * a classic script, which the page loads with a <script> tag as it loads Stripe's own SDK; a classic script
 * cannot import, so splitting it would put a bundling step between this source and what the browser runs.
 * It has one job, the SDK's Terminal object; its back end is ../terminal-sdk.routes.ts.
 */
(() => {
  /** @typedef {{ type?: string, code: string, message: string, decline_code?: string, payment_intent?: object }} ExposedError */
  /** @typedef {{ error: ExposedError }} ErrorResponse */
  /** @typedef {{ id: string, [key: string]: unknown }} Reader */
  /**
   * @typedef {object} SimulatorConfiguration
   * @property {string | null} [testCardNumber]
   * @property {string | null} [testPaymentMethod]
   * @property {number | null} [tipAmount]
   * @property {'interac_present' | null} [paymentMethodType]
   * @property {boolean} [customerCancel] emulator extension: the customer presses Cancel on the reader
   * @property {number} [presentDelayMs] emulator extension: how long until the card is presented (default 600)
   */
  /**
   * @typedef {object} TerminalProps
   * @property {() => Promise<string>} onFetchConnectionToken
   * @property {(event: { error?: ExposedError }) => void} [onUnexpectedReaderDisconnect]
   * @property {(event: { status: string }) => void} [onConnectionStatusChange]
   * @property {(event: { status: string }) => void} [onPaymentStatusChange]
   * @property {'none' | 'verbose'} [logLevel]
   */

  const PaymentStatus = Object.freeze({
    NOT_READY: 'not_ready',
    READY: 'ready',
    WAITING_FOR_INPUT: 'waiting_for_input',
    PROCESSING: 'processing',
  });
  const ConnectionStatus = Object.freeze({
    CONNECTING: 'connecting',
    CONNECTED: 'connected',
    NOT_CONNECTED: 'not_connected',
  });
  const OutputLogLevel = Object.freeze({ NONE: 'none', VERBOSE: 'verbose' });

  /** Simulator test payment methods → card numbers (https://docs.stripe.com/terminal/references/testing). */
  const TEST_PAYMENT_METHODS = Object.freeze({
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
  });

  const DEFAULT_CARD = TEST_PAYMENT_METHODS.visa;
  const DEFAULT_PRESENT_DELAY_MS = 600;
  const HEARTBEAT_INTERVAL_MS = 1000;
  /** Consecutive failed heartbeats (network errors) before the SDK gives the reader up as lost. */
  const HEARTBEAT_MAX_FAILURES = 5;

  /** @returns {string} the base URL of the emulator: the origin this script was loaded from. */
  function scriptOrigin() {
    const current = typeof document !== 'undefined' ? document.currentScript : null;
    const src = current && 'src' in current ? String(current.src) : '';
    if (src) return new URL(src).origin;
    return window.location.origin;
  }

  const defaultBaseUrl = scriptOrigin();

  /**
   * @param {string} code
   * @param {string} message
   * @param {Partial<ExposedError>} [extra]
   * @returns {ErrorResponse}
   */
  function failure(code, message, extra) {
    return { error: { ...extra, code, message } };
  }

  /** @returns {string} a random session id for one reader connection. */
  function newSessionId() {
    if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
    return `sess_${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
  }

  /**
   * @param {string} number
   * @returns {string} the SDK's card_brand enum for a test card number
   */
  function brandOf(number) {
    if (/^4/.test(number)) return 'VISA';
    if (/^(5[1-5]|2[2-7])/.test(number)) return 'MASTERCARD';
    if (/^3[47]/.test(number)) return 'AMERICAN_EXPRESS';
    if (/^(6011|65|64[4-9])/.test(number)) return 'DISCOVER';
    if (/^3(0|6|8|9)/.test(number)) return 'DINERS';
    if (/^35/.test(number)) return 'JCB';
    return 'UNKNOWN_CREDIT';
  }

  /**
   * Creates one Terminal instance.
   * @param {TerminalProps} props
   */
  function create(props) {
    if (!props || typeof props.onFetchConnectionToken !== 'function') {
      throw new TypeError(
        'StripeTerminal.create: onFetchConnectionToken must be a function returning a Promise',
      );
    }
    let baseUrl = defaultBaseUrl;
    const verbose = props.logLevel === OutputLogLevel.VERBOSE;

    /** @type {string | null} */
    let token = null;
    /** Whether the current token has already been used to connect a reader (then a connect fetches anew). */
    let tokenUsedForConnect = false;
    /** @type {string} */
    let connectionStatus = ConnectionStatus.NOT_CONNECTED;
    /** @type {string} */
    let paymentStatus = PaymentStatus.NOT_READY;
    /** @type {Reader | null} */
    let reader = null;
    /** @type {string | null} */
    let sessionId = null;
    /** @type {ReturnType<typeof setInterval> | null} */
    let heartbeat = null;
    let heartbeatFailures = 0;
    let heartbeatInFlight = false;
    /** @type {SimulatorConfiguration} */
    let simulator = {};
    /** The pending collect's interrupt: settles the wait early with an error. @type {((error: ErrorResponse) => void) | null} */
    let interruptCollect = null;
    let processing = false;
    /** Whether the card has been read and the collect request is on its way (too late to cancel). */
    let collectInFlight = false;

    /** @param {...unknown} args */
    function log(...args) {
      if (verbose) console.log('[StripeTerminal emulator]', ...args);
    }

    /** @param {string} status */
    function setConnectionStatus(status) {
      if (connectionStatus === status) return;
      connectionStatus = status;
      props.onConnectionStatusChange?.({ status });
    }

    /** @param {string} status */
    function setPaymentStatus(status) {
      if (paymentStatus === status) return;
      paymentStatus = status;
      props.onPaymentStatusChange?.({ status });
    }

    /** @returns {Promise<string | ErrorResponse>} a fresh connection token from the app's backend */
    async function fetchToken() {
      try {
        const secret = await props.onFetchConnectionToken();
        if (typeof secret !== 'string' || !secret.startsWith('pst_')) {
          return failure('invalid_connection_token', 'Expected Promise that resolves to pst_xxxxx');
        }
        token = secret;
        tokenUsedForConnect = false;
        return secret;
      } catch (error) {
        token = null;
        const detail = error instanceof Error ? error.message : String(error);
        return failure('failed_fetch_connection_token', `onFetchConnectionToken failed: ${detail}`);
      }
    }

    /**
     * One call to the emulator back end. Retries once with a fresh token when the token expired.
     * @param {'GET' | 'POST'} method
     * @param {string} path below /_emulator/terminal-sdk
     * @param {object} [body]
     * @returns {Promise<{ data: any } | ErrorResponse>}
     */
    async function call(method, path, body) {
      for (let attempt = 0; attempt < 2; attempt += 1) {
        if (!token) {
          const fetched = await fetchToken();
          if (typeof fetched !== 'string') return fetched;
        }
        /** @type {Response} */
        let response;
        try {
          response = await fetch(`${baseUrl}/_emulator/terminal-sdk${path}`, {
            method,
            headers: {
              authorization: `Bearer ${token}`,
              ...(body ? { 'content-type': 'application/json' } : {}),
            },
            body: body ? JSON.stringify(body) : undefined,
          });
        } catch (error) {
          const detail = error instanceof Error ? error.message : String(error);
          return failure('network_error', `Could not reach the reader service: ${detail}`);
        }
        /** @type {any} */
        let payload = null;
        try {
          payload = await response.json();
        } catch {
          return failure('network_error', `The reader service answered ${response.status} without JSON`);
        }
        if (response.ok) return { data: payload };
        const error = payload && typeof payload === 'object' && payload.error ? payload.error : null;
        if (response.status === 401 && error?.code === 'invalid_connection_token' && attempt === 0) {
          log('connection token rejected; fetching a new one');
          token = null;
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

    function stopHeartbeat() {
      if (heartbeat !== null) clearInterval(heartbeat);
      heartbeat = null;
      heartbeatFailures = 0;
      heartbeatInFlight = false;
    }

    /** Forgets the connection locally (no request); the next connect fetches a new token. */
    function dropConnection() {
      stopHeartbeat();
      reader = null;
      sessionId = null;
      token = null;
      setPaymentStatus(PaymentStatus.NOT_READY);
      setConnectionStatus(ConnectionStatus.NOT_CONNECTED);
    }

    /** @param {string} message */
    function loseReader(message) {
      log('reader lost:', message);
      const interrupt = interruptCollect;
      dropConnection();
      interrupt?.(failure('reader_connection_interrupted', message));
      props.onUnexpectedReaderDisconnect?.({
        error: { code: 'reader_connection_interrupted', message },
      });
    }

    /** @param {string | undefined} reason */
    function describeLoss(reason) {
      if (reason === 'taken_over') return 'Another register connected to this reader.';
      if (reason === 'offline') return 'The reader went offline.';
      if (reason === 'deleted') return 'The reader was removed.';
      return 'The connection to the reader was lost.';
    }

    async function beat() {
      if (heartbeatInFlight || !reader || !sessionId) return;
      heartbeatInFlight = true;
      const readerId = reader.id;
      const session = sessionId;
      const result = await call(
        'GET',
        `/readers/${encodeURIComponent(readerId)}/session?session_id=${encodeURIComponent(session)}`,
      );
      heartbeatInFlight = false;
      if (sessionId !== session) return; // disconnected or reconnected meanwhile
      if ('error' in result) {
        if (result.error.code === 'resource_missing') {
          loseReader(describeLoss('deleted'));
          return;
        }
        heartbeatFailures += 1;
        if (heartbeatFailures >= HEARTBEAT_MAX_FAILURES) loseReader(describeLoss(undefined));
        return;
      }
      heartbeatFailures = 0;
      if (result.data && result.data.connected === false) loseReader(describeLoss(result.data.reason));
    }

    function startHeartbeat() {
      stopHeartbeat();
      heartbeat = setInterval(() => {
        void beat();
      }, HEARTBEAT_INTERVAL_MS);
    }

    /** @returns {ErrorResponse | null} */
    function requireConnection() {
      if (!reader || !sessionId || connectionStatus !== ConnectionStatus.CONNECTED) {
        return failure('no_established_connection', 'No reader is connected. Connect to a reader first.');
      }
      return null;
    }

    /**
     * Waits for the simulated card presentation; resolves null when the time is up, or the error
     * a cancel / disconnect interrupted it with.
     * @param {number} ms
     * @returns {Promise<ErrorResponse | null>}
     */
    function waitForPresentation(ms) {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          interruptCollect = null;
          resolve(null);
        }, ms);
        interruptCollect = (error) => {
          clearTimeout(timer);
          interruptCollect = null;
          resolve(error);
        };
      });
    }

    function simulatedPaymentMethod() {
      const type = simulator.paymentMethodType === 'interac_present' ? 'interac_present' : 'card_present';
      const named = simulator.testPaymentMethod
        ? /** @type {Record<string, string>} */ (TEST_PAYMENT_METHODS)[simulator.testPaymentMethod]
        : undefined;
      let number = simulator.testCardNumber || named;
      if (!number) number = type === 'interac_present' ? TEST_PAYMENT_METHODS.interac : DEFAULT_CARD;
      return { type, number };
    }

    const terminal = {
      /** @returns {string} */
      getConnectionStatus() {
        return connectionStatus;
      },
      /** @returns {string} */
      getPaymentStatus() {
        return paymentStatus;
      },
      /** @returns {Reader | null} */
      getConnectedReader() {
        return reader;
      },

      /**
       * @param {{ simulated?: boolean, location?: string, device_type?: string, method?: string }} [config]
       */
      async discoverReaders(config) {
        const query = new URLSearchParams();
        if (config?.location) query.set('location', config.location);
        if (config?.device_type) query.set('device_type', config.device_type);
        const search = query.toString();
        const suffix = search ? `?${search}` : '';
        const result = await call('GET', `/readers${suffix}`);
        if ('error' in result) return result;
        const readers = Array.isArray(result.data?.data) ? result.data.data : [];
        return { discoveredReaders: readers };
      },

      /**
       * @param {Reader} target
       * @param {{ fail_if_in_use?: boolean }} [options]
       */
      async connectReader(target, options) {
        if (!target || typeof target.id !== 'string') {
          return failure('invalid_reader_shape', 'connectReader expects a reader from discoverReaders');
        }
        if (reader || connectionStatus === ConnectionStatus.CONNECTING) {
          return failure('already_connected', 'Already connected to a reader. Disconnect first.');
        }
        setConnectionStatus(ConnectionStatus.CONNECTING);
        // Stripe's SDK needs a fresh connection token for every new connection.
        if (!token || tokenUsedForConnect) {
          token = null;
          const fetched = await fetchToken();
          if (typeof fetched !== 'string') {
            setConnectionStatus(ConnectionStatus.NOT_CONNECTED);
            return fetched;
          }
        }
        tokenUsedForConnect = true;
        const session = newSessionId();
        const result = await call('POST', `/readers/${encodeURIComponent(target.id)}/connect`, {
          session_id: session,
          fail_if_in_use: options?.fail_if_in_use === true,
        });
        if ('error' in result) {
          setConnectionStatus(ConnectionStatus.NOT_CONNECTED);
          return result;
        }
        reader = result.data?.reader ?? target;
        sessionId = session;
        setConnectionStatus(ConnectionStatus.CONNECTED);
        setPaymentStatus(PaymentStatus.READY);
        startHeartbeat();
        log('connected to', reader?.id);
        return { reader };
      },

      async disconnectReader() {
        if (!reader || !sessionId) {
          dropConnection();
          return {};
        }
        const readerId = reader.id;
        const session = sessionId;
        const interrupt = interruptCollect;
        stopHeartbeat();
        await call('POST', `/readers/${encodeURIComponent(readerId)}/disconnect`, { session_id: session });
        dropConnection();
        interrupt?.(failure('canceled', 'The reader was disconnected.'));
        return {};
      },

      async clearCachedCredentials() {
        token = null;
        tokenUsedForConnect = false;
        return {};
      },

      /** @param {{ type: 'cart', cart: object }} request */
      async setReaderDisplay(request) {
        const missing = requireConnection();
        if (missing) return missing;
        if (request?.type !== 'cart' || !request.cart) {
          return failure('invalid_argument', "setReaderDisplay expects { type: 'cart', cart }");
        }
        const result = await call('POST', `/readers/${encodeURIComponent(reader.id)}/display`, {
          session_id: sessionId,
          cart: request.cart,
        });
        return 'error' in result ? result : {};
      },

      async clearReaderDisplay() {
        const missing = requireConnection();
        if (missing) return missing;
        const result = await call('POST', `/readers/${encodeURIComponent(reader.id)}/display`, {
          session_id: sessionId,
          cart: null,
        });
        return 'error' in result ? result : {};
      },

      /**
       * @param {string} clientSecret
       * @param {{ tip_configuration?: object, config_override?: { skip_tipping?: boolean | null, tipping?: { eligible_amount?: number | null } | null } }} [options]
       */
      async collectPaymentMethod(clientSecret, options) {
        const missing = requireConnection();
        if (missing) return missing;
        if (typeof clientSecret !== 'string' || !clientSecret.includes('_secret_')) {
          return failure(
            'invalid_payment_intent_input_shape',
            'collectPaymentMethod expects a client secret',
          );
        }
        if (interruptCollect || collectInFlight || processing) {
          return failure('illegal_state', 'A collectPaymentMethod or processPayment is already in progress.');
        }
        setPaymentStatus(PaymentStatus.WAITING_FOR_INPUT);
        const delay =
          typeof simulator.presentDelayMs === 'number' && simulator.presentDelayMs >= 0
            ? simulator.presentDelayMs
            : DEFAULT_PRESENT_DELAY_MS;
        const interrupted = await waitForPresentation(delay);
        if (interrupted) {
          if (reader) setPaymentStatus(PaymentStatus.READY);
          return interrupted;
        }
        if (simulator.customerCancel) {
          setPaymentStatus(PaymentStatus.READY);
          return failure('canceled_by_customer', 'The customer canceled the payment on the reader.');
        }
        const readerId = reader?.id;
        if (!readerId) return failure('no_established_connection', 'The reader disconnected.');
        const paymentMethod = simulatedPaymentMethod();
        const skipTipping = options?.config_override?.skip_tipping === true;
        const eligible = options?.config_override?.tipping?.eligible_amount;
        /** @type {Record<string, unknown>} */
        const body = {
          session_id: sessionId,
          client_secret: clientSecret,
          payment_method: paymentMethod,
          skip_tipping: skipTipping,
        };
        if (!skipTipping && typeof simulator.tipAmount === 'number') body.tip_amount = simulator.tipAmount;
        if (typeof eligible === 'number') body.tipping_eligible_amount = eligible;
        collectInFlight = true;
        const result = await call('POST', `/readers/${encodeURIComponent(readerId)}/collect`, body);
        collectInFlight = false;
        if (reader) setPaymentStatus(PaymentStatus.READY);
        if ('error' in result) return result;
        const paymentIntent = result.data?.payment_intent;
        const tip = typeof body.tip_amount === 'number' ? body.tip_amount : 0;
        return {
          paymentIntent: {
            ...paymentIntent,
            sdk_payment_details: {
              card_payment: {
                masked_pan: paymentMethod.number.slice(-4).padStart(paymentMethod.number.length, '*'),
                expiration_date: '12/34',
                card_brand: brandOf(paymentMethod.number),
                card_entry_method: 'CONTACTLESS',
              },
              tip_selection: tip > 0 ? { amount: tip } : null,
            },
          },
        };
      },

      async cancelCollectPaymentMethod() {
        if (collectInFlight) {
          return failure('cancelable_already_completed', 'The card has already been read.');
        }
        if (!interruptCollect) {
          return failure(
            'no_active_collect_payment_method_attempt',
            'There is no collectPaymentMethod waiting for a card.',
          );
        }
        interruptCollect(failure('canceled', 'collectPaymentMethod was canceled.'));
        return {};
      },

      /** @param {{ id: string }} paymentIntent */
      async processPayment(paymentIntent) {
        const missing = requireConnection();
        if (missing) return missing;
        if (!paymentIntent || typeof paymentIntent.id !== 'string') {
          return failure(
            'invalid_payment_intent_input_shape',
            'processPayment expects the collected PaymentIntent',
          );
        }
        if (processing || interruptCollect) {
          return failure('illegal_state', 'A collectPaymentMethod or processPayment is already in progress.');
        }
        processing = true;
        setPaymentStatus(PaymentStatus.PROCESSING);
        const result = await call('POST', `/readers/${encodeURIComponent(reader.id)}/process`, {
          session_id: sessionId,
          payment_intent: paymentIntent.id,
        });
        processing = false;
        if (reader) setPaymentStatus(PaymentStatus.READY);
        if ('error' in result) return result;
        return { paymentIntent: result.data?.payment_intent };
      },

      async cancelProcessPayment() {
        // The emulated reader confirms in one request, so a started processPayment cannot be interrupted.
        return failure(
          'cancelable_already_completed',
          processing
            ? 'The payment is already being processed and can no longer be canceled.'
            : 'There is no processPayment to cancel.',
        );
      },

      /** @param {SimulatorConfiguration} config */
      setSimulatorConfiguration(config) {
        simulator = { ...(config ?? {}) };
      },

      /** @returns {SimulatorConfiguration} */
      getSimulatorConfiguration() {
        return { ...simulator };
      },

      /** @param {string} url */
      overrideBaseURL(url) {
        baseUrl = new URL(url).origin;
      },
    };

    const unsupported = async () =>
      failure(
        'unsupported_operation',
        'This operation is not supported by the Countertop Terminal emulator.',
      );
    for (const name of [
      'collectSetupIntentPaymentMethod',
      'cancelCollectSetupIntentPaymentMethod',
      'confirmSetupIntent',
      'cancelConfirmSetupIntent',
      'collectRefundPaymentMethod',
      'cancelCollectRefundPaymentMethod',
      'processRefund',
      'cancelProcessRefund',
      'readReusableCard',
      'cancelReadReusableCard',
      'collectInputs',
      'cancelCollectInputs',
      'setReaderSettings',
      'getReaderSettings',
      'print',
    ]) {
      /** @type {Record<string, unknown>} */ (terminal)[name] = unsupported;
    }
    return terminal;
  }

  window.StripeTerminal = {
    create,
    PaymentStatus,
    ConnectionStatus,
    OutputLogLevel,
    /** Emulator extension: the simulator's test payment method names and their card numbers. */
    testPaymentMethods: TEST_PAYMENT_METHODS,
  };
})();
