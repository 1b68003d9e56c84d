package dev.tollgate.billing.payment;

import com.stripe.exception.EventDataObjectDeserializationException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Charge;
import com.stripe.model.Event;
import com.stripe.model.StripeObject;
import com.stripe.model.checkout.Session;
import com.stripe.net.Webhook;
import dev.tollgate.billing.ledger.AccountKind;
import dev.tollgate.billing.ledger.Ledger;
import dev.tollgate.billing.ledger.TransferRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Stripe's webhook deliveries, verified against the raw body and applied to top-ups. A paid session is fulfilled by
 * one all-or-none ledger apply (clearing → the organisation's credits, clearing → fee revenue) whose transfer ids are
 * derived from the session id, so replays and concurrent deliveries credit once. A refund within the refund window
 * takes the refunded amount back from the credits (at most the credits: the fee is kept), even into a negative
 * balance, since the credits may already be spent.
 */
@ApplicationScoped
public class TopUpFulfilment {

    /** Transfer codes: what an organisation bought is the sum of {@code topup} less {@code topup_refund}. */
    public static final String TOPUP = "topup";

    public static final String TOPUP_FEE = "topup_fee";
    public static final String TOPUP_REFUND = "topup_refund";

    /** The owner of the payments clearing account: the payment processor. */
    public static final String STRIPE = "stripe";

    private static final Logger LOG = Logger.getLogger(TopUpFulfilment.class.getName());

    @Inject
    Payments payments;

    @Inject
    Ledger ledger;

    @Inject
    TopUps topUps;

    private final Supplier<PaymentSettings> fixedSettings;
    private final Clock clock;

    /** For CDI. */
    public TopUpFulfilment() {
        this.fixedSettings = null;
        this.clock = Clock.systemUTC();
    }

    /** For tests: settings, a ledger, rows and a clock of their own. */
    public TopUpFulfilment(PaymentSettings settings, Ledger ledger, TopUps topUps, Clock clock) {
        this.fixedSettings = () -> settings;
        this.ledger = ledger;
        this.topUps = topUps;
        this.clock = clock;
    }

    private PaymentSettings settings() {
        PaymentSettings settings = fixedSettings != null ? fixedSettings.get() : payments.settings();
        if (!settings.enabled()) {
            throw PaymentRefusedException.paymentsOff();
        }
        return settings;
    }

    /**
     * One delivery.
     *
     * @param payload the body exactly as received (the signature covers its bytes)
     * @param signature the {@code Stripe-Signature} header
     * @throws PaymentRefusedException 400 for a missing, forged or stale signature or an event that does not match
     *     its top-up (nothing changed), 503 when payments are off
     */
    public TopUpOutcome receive(String payload, String signature) {
        PaymentSettings settings = settings();
        Event event = verified(payload, signature, settings.webhookSecret().orElseThrow());
        return switch (event.getType()) {
            case "checkout.session.completed", "checkout.session.async_payment_succeeded" -> {
                Session session = data(event, Session.class);
                yield "paid".equals(session.getPaymentStatus()) ? fulfil(session) : TopUpOutcome.AWAITING_PAYMENT;
            }
            case "checkout.session.async_payment_failed" -> close(data(event, Session.class), TopUpStatus.FAILED);
            case "checkout.session.expired" -> close(data(event, Session.class), TopUpStatus.EXPIRED);
            case "charge.refunded" ->
                refund(data(event, Charge.class), Instant.ofEpochSecond(event.getCreated()), settings);
            default -> TopUpOutcome.IGNORED;
        };
    }

    private Event verified(String payload, String signature, String secret) {
        if (signature == null || signature.isBlank()) {
            throw PaymentRefusedException.badSignature();
        }
        Event event;
        try {
            event = Webhook.constructEvent(payload, signature, secret, Webhook.DEFAULT_TOLERANCE, clock);
        } catch (SignatureVerificationException e) {
            throw PaymentRefusedException.badSignature();
        } catch (RuntimeException e) {
            // stripe-java parses the body before it checks the signature: a body that is not an event ends here.
            throw PaymentRefusedException.unreadableEvent("the body is not a Stripe event");
        }
        if (event.getType() == null) {
            // Signed JSON without a type, such as {}: nothing to switch on.
            throw PaymentRefusedException.unreadableEvent("the event has no type");
        }
        return event;
    }

    /**
     * The event's object. Unsafe because the SDK pins one API version and leaves an event of any other version empty;
     * the few fields read here have the same shape in every version.
     */
    private static <T extends StripeObject> T data(Event event, Class<T> type) {
        StripeObject object;
        try {
            object = event.getDataObjectDeserializer().deserializeUnsafe();
        } catch (EventDataObjectDeserializationException e) {
            throw PaymentRefusedException.unreadableEvent(e.getMessage());
        }
        if (!type.isInstance(object)) {
            throw PaymentRefusedException.unreadableEvent(event.getType() + " does not hold a " + type.getSimpleName());
        }
        return type.cast(object);
    }

    private TopUpOutcome fulfil(Session session) {
        TopUpOutcome outcome = topUps.change(session.getId(), topUp -> {
            if (topUp.status() != TopUpStatus.OPEN) {
                return TopUps.Change.none(TopUpOutcome.ALREADY_DONE);
            }
            requireMatch(topUp, session);
            UUID clearing = ledger.account(AccountKind.PAYMENTS_CLEARING, STRIPE);
            ledger.apply(List.of(
                    new TransferRequest.Post(
                            transferId(TOPUP, topUp.sessionId()),
                            clearing,
                            ledger.account(
                                    AccountKind.ORG_CREDITS,
                                    topUp.organizationId().toString()),
                            topUp.quote().credits(),
                            TOPUP,
                            Optional.of(topUp.sessionId())),
                    new TransferRequest.Post(
                            transferId(TOPUP_FEE, topUp.sessionId()),
                            clearing,
                            ledger.account(AccountKind.FEE_REVENUE, AccountKind.PLATFORM),
                            topUp.quote().fee(),
                            TOPUP_FEE,
                            Optional.of(topUp.sessionId()))));
            return TopUps.Change.to(
                    topUp.paid(Optional.ofNullable(session.getPaymentIntent()), clock.instant()),
                    TopUpOutcome.FULFILLED);
        });
        if (outcome == TopUpOutcome.UNKNOWN_SESSION) {
            LOG.warning("Stripe reported checkout session " + session.getId() + " paid, but it is not a top-up of this"
                    + " Tollgate: nothing credited");
        }
        return outcome;
    }

    /** The stored row decides what a session buys; a session that says otherwise is refused, not credited. */
    private static void requireMatch(TopUp topUp, Session session) {
        String problem = null;
        if (!Long.valueOf(TopUpQuote.cents(topUp.quote().total())).equals(session.getAmountTotal())) {
            problem = "amount_total " + session.getAmountTotal() + " cents, stored total "
                    + topUp.quote().total().toPlainString() + " USD";
        } else if (!"usd".equalsIgnoreCase(session.getCurrency())) {
            problem = "currency " + session.getCurrency();
        } else if (!topUp.organizationId().toString().equals(session.getClientReferenceId())) {
            problem = "client_reference_id " + session.getClientReferenceId();
        }
        if (problem != null) {
            LOG.severe("refused to fulfil checkout session " + topUp.sessionId() + ": " + problem);
            throw PaymentRefusedException.mismatch(topUp.sessionId(), problem);
        }
    }

    private TopUpOutcome close(Session session, TopUpStatus closedAs) {
        return topUps.change(
                session.getId(),
                topUp -> topUp.status() == TopUpStatus.OPEN
                        ? TopUps.Change.to(topUp.closed(closedAs), TopUpOutcome.CLOSED)
                        : TopUps.Change.none(TopUpOutcome.ALREADY_DONE));
    }

    /**
     * {@code amount_refunded} is what all the charge's refunds returned so far, so each delivery asks for the credits
     * taken back in all to reach min(refunded, credits); the ledger says how much was taken back already, and the
     * rest is one more transfer. Judged at the event's creation (when Stripe refunded), not at its late delivery.
     */
    private TopUpOutcome refund(Charge charge, Instant refundedAt, PaymentSettings settings) {
        Optional<TopUp> found = Optional.ofNullable(charge.getPaymentIntent()).flatMap(topUps::findByPaymentIntent);
        if (found.isEmpty()) {
            LOG.info("Stripe refunded charge " + charge.getId() + ", which paid no top-up of this Tollgate");
            return TopUpOutcome.UNKNOWN_SESSION;
        }
        BigDecimal refunded = TopUpQuote.usd(charge.getAmountRefunded() == null ? 0 : charge.getAmountRefunded());
        return topUps.change(found.get().sessionId(), topUp -> {
            if (!topUp.status().fulfilled()) {
                return TopUps.Change.none(TopUpOutcome.IGNORED);
            }
            UUID credits = ledger.account(
                    AccountKind.ORG_CREDITS, topUp.organizationId().toString());
            UUID clearing = ledger.account(AccountKind.PAYMENTS_CLEARING, STRIPE);
            BigDecimal target = refunded.min(topUp.quote().credits());
            BigDecimal taken = ledger.postedBetween(credits, clearing, topUp.sessionId());
            if (target.compareTo(taken) <= 0) {
                return TopUps.Change.none(TopUpOutcome.ALREADY_DONE);
            }
            Instant windowEnd = topUp.fulfilledAt().orElseThrow().plus(settings.refundWindow());
            if (refundedAt.isAfter(windowEnd)) {
                LOG.warning("Stripe refunded " + refunded.toPlainString() + " USD of top-up " + topUp.sessionId()
                        + " at " + refundedAt + ", after the refund window (until " + windowEnd + "): the credits"
                        + " of organisation " + topUp.organizationId() + " were left as they were");
                return TopUps.Change.to(topUp.refundedOutsideWindow(refundedAt), TopUpOutcome.REFUND_OUTSIDE_WINDOW);
            }
            ledger.apply(List.of(new TransferRequest.Post(
                    transferId(TOPUP_REFUND + ":" + target.toPlainString(), topUp.sessionId()),
                    credits,
                    clearing,
                    target.subtract(taken),
                    TOPUP_REFUND,
                    Optional.of(topUp.sessionId()),
                    Optional.empty(),
                    true)));
            return TopUps.Change.to(topUp.refunded(target, refundedAt), TopUpOutcome.REFUNDED);
        });
    }

    /** The same session always makes the same transfer ids: the ledger then credits it once, however often asked. */
    static UUID transferId(String purpose, String sessionId) {
        return TransferRequest.derivedId(purpose, sessionId);
    }
}
