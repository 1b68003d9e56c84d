package dev.tollgate.billing.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tollgate.billing.FreshDatabase;
import dev.tollgate.billing.ledger.AccountKind;
import dev.tollgate.billing.ledger.Ledger;
import dev.tollgate.billing.ledger.TransferRequest;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Webhook deliveries against a real PostgreSQL, each test on a fresh database, signed as Stripe signs them. */
class TopUpFulfilmentTest {

    private static final String SECRET = "whsec_unit_test_secret";
    private static final Instant PAID_AT = Instant.parse("2026-03-01T12:00:00Z");

    private Ledger ledger;
    private TopUps topUps;
    private UUID org;
    private String sessionId;

    @BeforeEach
    void freshDatabase() throws Exception {
        PGSimpleDataSource database = FreshDatabase.create();
        ledger = new Ledger(database);
        topUps = new TopUps(database);
        org = UUID.randomUUID();
        try (Connection connection = database.getConnection();
                PreparedStatement insert =
                        connection.prepareStatement("INSERT INTO organization (id, name) VALUES (?, 'Buyer')")) {
            insert.setObject(1, org);
            insert.executeUpdate();
        }
        sessionId = "cs_test_" + UUID.randomUUID().toString().replace("-", "");
        topUps.open(sessionId, org, TopUpFees.DEFAULTS.quote(new BigDecimal("20")));
    }

    private TopUpFulfilment at(Instant now) {
        PaymentSettings settings = new PaymentSettings(
                Optional.of("sk_test_unit"),
                Optional.of(SECRET),
                Optional.empty(),
                TopUpFees.DEFAULTS,
                Duration.ofHours(24),
                URI.create("http://localhost:8080"));
        return new TopUpFulfilment(settings, ledger, topUps, Clock.fixed(now, ZoneOffset.UTC));
    }

    /** Delivers an event created and signed at {@code at}, received at {@code at}. */
    private TopUpOutcome deliver(Instant at, String type, String object) {
        String payload = event(at, type, object);
        return at(at).receive(payload, signature(at, payload, SECRET));
    }

    /** An event of an API version older than the SDK's: read only through deserializeUnsafe. */
    private static String event(Instant created, String type, String object) {
        return """
                {"id": "evt_%s", "object": "event", "api_version": "2023-10-16", "created": %d, "livemode": false,
                 "pending_webhooks": 1, "request": {"id": null, "idempotency_key": null}, "type": "%s",
                 "data": {"object": %s}}""".formatted(UUID.randomUUID(), created.getEpochSecond(), type, object);
    }

    private String session(long amountTotal, String paymentStatus) {
        return """
                {"id": "%s", "object": "checkout.session", "mode": "payment", "currency": "usd",
                 "amount_total": %d, "client_reference_id": "%s", "payment_status": "%s", "status": "complete",
                 "payment_intent": "pi_%s", "metadata": {"organization_id": "%s"}}""".formatted(sessionId, amountTotal, org, paymentStatus, sessionId, org);
    }

    private String charge(long amountRefunded) {
        return """
                {"id": "ch_%s", "object": "charge", "amount": 2110, "amount_refunded": %d, "currency": "usd",
                 "payment_intent": "pi_%s", "refunded": %b}""".formatted(sessionId, amountRefunded, sessionId, amountRefunded == 2110);
    }

    static String signature(Instant at, String payload, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((at.getEpochSecond() + "." + payload).getBytes(StandardCharsets.UTF_8));
            return "t=" + at.getEpochSecond() + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private BigDecimal orgBalance() {
        return ledger.balance(ledger.account(AccountKind.ORG_CREDITS, org.toString()))
                .postedBalance();
    }

    private BigDecimal feeRevenue() {
        return ledger.balance(ledger.account(AccountKind.FEE_REVENUE, AccountKind.PLATFORM))
                .postedBalance();
    }

    private static void assertAmount(String expected, BigDecimal actual) {
        assertEquals(0, new BigDecimal(expected).compareTo(actual), "expected " + expected + ", was " + actual);
    }

    private TopUpStatus status() {
        return topUps.find(sessionId).orElseThrow().status();
    }

    @Test
    void aPaidSessionCreditsTheOrganisationAndTheFeeOnceHoweverOftenItIsDelivered() {
        assertEquals(TopUpOutcome.FULFILLED, deliver(PAID_AT, "checkout.session.completed", session(2110, "paid")));
        for (int i = 0; i < 10; i++) {
            assertEquals(
                    TopUpOutcome.ALREADY_DONE, deliver(PAID_AT, "checkout.session.completed", session(2110, "paid")));
        }

        assertAmount("20", orgBalance());
        assertAmount("1.10", feeRevenue());
        assertAmount(
                "-21.10",
                ledger.balance(ledger.account(AccountKind.PAYMENTS_CLEARING, TopUpFulfilment.STRIPE))
                        .postedBalance());
        TopUp paid = topUps.find(sessionId).orElseThrow();
        assertEquals(TopUpStatus.PAID, paid.status());
        assertEquals(Optional.of("pi_" + sessionId), paid.paymentIntentId());
        assertEquals(Optional.of(PAID_AT), paid.fulfilledAt());
        assertEquals(
                TopUpFulfilment.TOPUP,
                ledger.transfer(TopUpFulfilment.transferId("topup", sessionId))
                        .orElseThrow()
                        .code());
    }

    @Test
    void concurrentDeliveriesCreditOnce() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<TopUpOutcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                outcomes.add(
                        threads.submit(() -> deliver(PAID_AT, "checkout.session.completed", session(2110, "paid"))));
            }
            long fulfilled = 0;
            for (Future<TopUpOutcome> outcome : outcomes) {
                fulfilled += outcome.get() == TopUpOutcome.FULFILLED ? 1 : 0;
            }
            assertEquals(1, fulfilled);
        } finally {
            threads.shutdown();
        }
        assertAmount("20", orgBalance());
        assertAmount("1.10", feeRevenue());
    }

    @Test
    void aForgedOrStaleSignatureIsRefusedAndChangesNothing() {
        String payload = event(PAID_AT, "checkout.session.completed", session(2110, "paid"));

        PaymentRefusedException forged = assertThrows(
                PaymentRefusedException.class,
                () -> at(PAID_AT).receive(payload, signature(PAID_AT, payload, "whsec_someone_else")));
        PaymentRefusedException missing =
                assertThrows(PaymentRefusedException.class, () -> at(PAID_AT).receive(payload, null));
        PaymentRefusedException tampered = assertThrows(
                PaymentRefusedException.class,
                () -> at(PAID_AT).receive(payload.replace("2110", "9999"), signature(PAID_AT, payload, SECRET)));
        // Signed six minutes before it arrives: Stripe's tolerance is five.
        PaymentRefusedException stale = assertThrows(
                PaymentRefusedException.class,
                () -> at(PAID_AT.plusSeconds(360)).receive(payload, signature(PAID_AT, payload, SECRET)));

        for (PaymentRefusedException refused : List.of(forged, missing, tampered, stale)) {
            assertEquals(400, refused.status());
        }
        assertAmount("0", orgBalance());
        assertEquals(TopUpStatus.OPEN, status());
    }

    @Test
    void aSessionThatDoesNotMatchItsStoredTopUpIsRefusedNotCredited() {
        PaymentRefusedException refused = assertThrows(
                PaymentRefusedException.class,
                () -> deliver(PAID_AT, "checkout.session.completed", session(999_999, "paid")));

        assertEquals(400, refused.status());
        assertAmount("0", orgBalance());
        assertEquals(TopUpStatus.OPEN, status());
    }

    @Test
    void aDelayedPaymentIsCreditedWhenItSucceedsAndAFailedOneCloses() {
        assertEquals(
                TopUpOutcome.AWAITING_PAYMENT, deliver(PAID_AT, "checkout.session.completed", session(2110, "unpaid")));
        assertAmount("0", orgBalance());

        assertEquals(
                TopUpOutcome.FULFILLED,
                deliver(PAID_AT, "checkout.session.async_payment_succeeded", session(2110, "paid")));
        assertAmount("20", orgBalance());
        assertEquals(
                TopUpOutcome.ALREADY_DONE,
                deliver(PAID_AT, "checkout.session.async_payment_failed", session(2110, "unpaid")));
    }

    @Test
    void unknownSessionsAndOtherEventsAreAnsweredButChangeNothing() {
        String foreign = session(2110, "paid").replace(sessionId, "cs_test_elsewhere");

        assertEquals(TopUpOutcome.UNKNOWN_SESSION, deliver(PAID_AT, "checkout.session.completed", foreign));
        assertEquals(TopUpOutcome.IGNORED, deliver(PAID_AT, "customer.created", "{\"object\": \"customer\"}"));
        assertEquals(TopUpOutcome.CLOSED, deliver(PAID_AT, "checkout.session.expired", session(2110, "unpaid")));
        assertEquals(TopUpStatus.EXPIRED, status());
        assertAmount("0", orgBalance());
    }

    @Test
    void aRefundWithinTheWindowTakesTheCreditsBackEvenIntoDebtAndKeepsTheFee() {
        deliver(PAID_AT, "checkout.session.completed", session(2110, "paid"));
        // The organisation spent 15 of its 20 before the refund.
        ledger.apply(new TransferRequest.Post(
                UUID.randomUUID(),
                ledger.account(AccountKind.ORG_CREDITS, org.toString()),
                ledger.account(AccountKind.MARGIN_REVENUE, AccountKind.PLATFORM),
                new BigDecimal("15"),
                "call",
                Optional.empty()));
        Instant refundedAt = PAID_AT.plus(Duration.ofHours(23));

        assertEquals(TopUpOutcome.REFUNDED, deliver(refundedAt, "charge.refunded", charge(2110)));
        assertEquals(TopUpOutcome.ALREADY_DONE, deliver(refundedAt, "charge.refunded", charge(2110)));

        assertAmount("-15", orgBalance());
        assertAmount("1.10", feeRevenue());
        TopUp refunded = topUps.find(sessionId).orElseThrow();
        assertEquals(TopUpStatus.REFUNDED, refunded.status());
        assertAmount("20", refunded.refundedCredits());
    }

    @Test
    void partialRefundsTakeBackWhatWasRefundedInAllUpToTheCredits() {
        deliver(PAID_AT, "checkout.session.completed", session(2110, "paid"));
        Instant refundedAt = PAID_AT.plus(Duration.ofHours(1));

        assertEquals(TopUpOutcome.REFUNDED, deliver(refundedAt, "charge.refunded", charge(500)));
        assertAmount("15", orgBalance());
        assertEquals(TopUpStatus.PARTIALLY_REFUNDED, status());
        assertEquals(TopUpOutcome.REFUNDED, deliver(refundedAt, "charge.refunded", charge(2110)));
        // A late replay of the first refund after the second: nothing more.
        assertEquals(TopUpOutcome.ALREADY_DONE, deliver(refundedAt, "charge.refunded", charge(500)));

        assertAmount("0", orgBalance());
        assertAmount("1.10", feeRevenue());
        assertEquals(TopUpStatus.REFUNDED, status());
    }

    @Test
    void aRefundAfterTheWindowIsRecordedAndLeavesTheCredits() {
        deliver(PAID_AT, "checkout.session.completed", session(2110, "paid"));

        assertEquals(
                TopUpOutcome.REFUND_OUTSIDE_WINDOW,
                deliver(PAID_AT.plus(Duration.ofHours(25)), "charge.refunded", charge(2110)));

        assertAmount("20", orgBalance());
        TopUp row = topUps.find(sessionId).orElseThrow();
        assertEquals(TopUpStatus.REFUND_OUTSIDE_WINDOW, row.status());
        assertAmount("0", row.refundedCredits());
    }

    @Test
    void withPaymentsOffTheWebhookIsUnavailable() {
        TopUpFulfilment off = new TopUpFulfilment(
                PaymentSettings.from(key -> Optional.empty()), ledger, topUps, Clock.fixed(PAID_AT, ZoneOffset.UTC));
        String payload = event(PAID_AT, "checkout.session.completed", session(2110, "paid"));

        assertEquals(
                503,
                assertThrows(
                                PaymentRefusedException.class,
                                () -> off.receive(payload, signature(PAID_AT, payload, SECRET)))
                        .status());
    }
}
