package dev.tollgate.web.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.web.support.DeployedTollgate;
import dev.tollgate.web.support.FakeStripe;
import dev.tollgate.web.support.FakeStripe.CreatedSession;
import dev.tollgate.web.support.LedgerChecks;
import dev.tollgate.web.support.OperatorClient;
import dev.tollgate.web.support.OperatorClient.Answer;
import dev.tollgate.web.support.SharedPostgres;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Top-ups end to end: the checkout through stripe-java against the fake Stripe, signed webhook deliveries, the ledger
 * summary and the organisation's credits.
 */
class PaymentsIT extends DeployedTollgate {

    private OperatorClient operator;
    private UUID organization;
    private OperatorClient management;
    private URI webhook;

    @BeforeEach
    void organisation() throws Exception {
        operator = new OperatorClient(base.toURI(), SharedPostgres.OPERATOR_TOKEN);
        Answer created = operator.post(
                "/api/admin/v1/orgs",
                "{\"name\":\"Buyer " + UUID.randomUUID().toString().substring(0, 8) + "\"}");
        assertEquals(201, created.status(), created.raw());
        organization = UUID.fromString(created.body().getString("id"));
        management = new OperatorClient(base.toURI(), created.body().getString("management_key"));
        webhook = base.toURI().resolve("/api/stripe/webhook");
    }

    private Answer checkout(String amount) throws Exception {
        return management.post("/api/v1/credits/checkout", "{\"amount\":" + amount + "}");
    }

    private String paidSession(String amount) throws Exception {
        Answer checkout = checkout(amount);
        assertEquals(200, checkout.status(), checkout.raw());
        return checkout.body().getString("session_id");
    }

    private BigDecimal credits() throws Exception {
        try (Connection connection = SharedPostgres.connect();
                PreparedStatement query = connection.prepareStatement("SELECT credits_posted - debits_posted"
                        + " FROM ledger_account WHERE kind = 'org_credits' AND owner = ?")) {
            LedgerChecks.postJournal(connection);
            query.setString(1, organization.toString());
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getBigDecimal(1) : BigDecimal.ZERO;
            }
        }
    }

    private String status(String sessionId) throws Exception {
        try (Connection connection = SharedPostgres.connect();
                PreparedStatement query =
                        connection.prepareStatement("SELECT status FROM topup WHERE session_id = ?")) {
            query.setString(1, sessionId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    /** The ledger summary's posted credits of fee revenue, and whether it balances. */
    private BigDecimal feeRevenue() throws Exception {
        Answer summary = operator.get("/api/admin/v1/ledger/summary");
        assertEquals(200, summary.status(), summary.raw());
        assertTrue(summary.body().getBoolean("balanced"), summary.raw());
        return summary.body().getJsonArray("accounts").getValuesAs(JsonObject.class).stream()
                .filter(kind -> kind.getString("kind").equals("fee_revenue"))
                .map(kind -> new BigDecimal(kind.getString("credits_posted"))
                        .subtract(new BigDecimal(kind.getString("debits_posted"))))
                .findFirst()
                .orElseThrow();
    }

    private static void assertAmount(String expected, BigDecimal actual) {
        assertEquals(0, new BigDecimal(expected).compareTo(actual), "expected " + expected + ", was " + actual);
    }

    private static void assertReceived(Answer delivery) {
        assertEquals(200, delivery.status(), delivery.raw());
        assertTrue(delivery.body().getBoolean("received"), delivery.raw());
    }

    @Test
    void aCheckoutShowsTheCreditsAndTheFeeApartAndItsPaymentCreditsOnce() throws Exception {
        Answer checkout = checkout("\"20\"");

        assertEquals(200, checkout.status(), checkout.raw());
        assertEquals("20.00", checkout.body().getString("credits"));
        assertEquals("1.10", checkout.body().getString("fee"));
        assertEquals("21.10", checkout.body().getString("total"));
        String sessionId = checkout.body().getString("session_id");
        assertTrue(sessionId.startsWith("cs_test_"), sessionId);
        assertEquals(
                "https://checkout.stripe.test/c/pay/" + sessionId,
                checkout.body().getString("url"));
        Map<String, String> sent = FakeStripe.shared().session(sessionId).form();
        assertEquals("payment", sent.get("mode"));
        assertEquals(organization.toString(), sent.get("client_reference_id"));
        assertEquals(organization.toString(), sent.get("metadata[organization_id]"));
        assertEquals("20.00", sent.get("metadata[credits]"));
        assertEquals("1.10", sent.get("metadata[fee]"));
        assertEquals("Tollgate credits", sent.get("line_items[0][price_data][product_data][name]"));
        assertEquals("2000", sent.get("line_items[0][price_data][unit_amount]"));
        assertEquals("usd", sent.get("line_items[0][price_data][currency]"));
        assertEquals("1", sent.get("line_items[0][quantity]"));
        assertEquals("Platform fee", sent.get("line_items[1][price_data][product_data][name]"));
        assertEquals("110", sent.get("line_items[1][price_data][unit_amount]"));
        assertEquals("1", sent.get("line_items[1][quantity]"));
        assertTrue(
                sent.get("success_url").contains("/credits/return?session_id={CHECKOUT_SESSION_ID}"), sent.toString());
        assertEquals("open", status(sessionId));

        BigDecimal feesBefore = feeRevenue();
        String completed = FakeStripe.shared().completed(sessionId);
        Answer delivered = FakeStripe.deliver(webhook, completed);
        assertReceived(delivered);
        assertEquals("fulfilled", delivered.body().getString("outcome"));

        assertAmount("20", credits());
        assertAmount("1.10", feeRevenue().subtract(feesBefore));
        assertEquals("paid", status(sessionId));

        for (int i = 0; i < 10; i++) {
            assertReceived(FakeStripe.deliver(webhook, completed));
        }
        ExecutorService threads = Executors.newFixedThreadPool(5);
        try {
            List<Future<Answer>> concurrent = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                concurrent.add(threads.submit(() -> FakeStripe.deliver(webhook, completed)));
            }
            for (Future<Answer> answer : concurrent) {
                assertReceived(answer.get());
                assertEquals("already_done", answer.get().body().getString("outcome"));
            }
        } finally {
            threads.shutdown();
        }
        assertAmount("20", credits());
        assertAmount("1.10", feeRevenue().subtract(feesBefore));
        assertTrue(FakeStripe.shared().unauthorized().isEmpty(), "Tollgate used the configured secret key");
    }

    @Test
    void aSmallTopUpPaysTheMinimumFee() throws Exception {
        Answer checkout = checkout("5");

        assertEquals(200, checkout.status(), checkout.raw());
        assertEquals("5.00", checkout.body().getString("credits"));
        assertEquals("0.80", checkout.body().getString("fee"));
        assertEquals("5.80", checkout.body().getString("total"));
        CreatedSession session = FakeStripe.shared().session(checkout.body().getString("session_id"));
        assertEquals("80", session.form().get("line_items[1][price_data][unit_amount]"));
        assertEquals(580, session.amountTotal());
    }

    @Test
    void forgedMissingAndStaleSignaturesAreRefusedAndChangeNothing() throws Exception {
        String sessionId = paidSession("\"20.00\"");
        String completed = FakeStripe.shared().completed(sessionId);
        BigDecimal feesBefore = feeRevenue();

        Answer forged = FakeStripe.deliver(
                webhook, completed, FakeStripe.signature(completed, Instant.now(), "whsec_someone_else"));
        Answer missing = FakeStripe.deliver(webhook, completed, null);
        Answer stale = FakeStripe.deliver(
                webhook,
                completed,
                FakeStripe.signature(completed, Instant.now().minusSeconds(600), FakeStripe.WEBHOOK_SECRET));
        Answer tampered = FakeStripe.deliver(
                webhook,
                completed.replace("\"amount_total\":2110", "\"amount_total\":2"),
                FakeStripe.signature(completed, Instant.now(), FakeStripe.WEBHOOK_SECRET));

        for (Answer refused : List.of(forged, missing, stale, tampered)) {
            assertEquals(400, refused.status(), refused.raw());
            assertEquals(400, refused.body().getJsonObject("error").getInt("code"));
        }
        assertTrue(forged.errorMessage().startsWith("Invalid Stripe-Signature"), forged.raw());
        assertAmount("0", credits());
        assertAmount("0", feeRevenue().subtract(feesBefore));
        assertEquals("open", status(sessionId));
    }

    @Test
    void aRefundWithinTheWindowTakesTheCreditsBackAndKeepsTheFee() throws Exception {
        String sessionId = paidSession("\"20\"");
        BigDecimal feesBefore = feeRevenue();
        assertReceived(FakeStripe.deliver(webhook, FakeStripe.shared().completed(sessionId)));
        assertAmount("20", credits());

        Answer refunded = FakeStripe.deliver(webhook, FakeStripe.shared().refunded(sessionId, 2110));

        assertReceived(refunded);
        assertEquals("refunded", refunded.body().getString("outcome"));
        assertAmount("0", credits());
        assertAmount("1.10", feeRevenue().subtract(feesBefore));
        assertEquals("refunded", status(sessionId));
        assertEquals(
                "already_done",
                FakeStripe.deliver(webhook, FakeStripe.shared().refunded(sessionId, 2110))
                        .body()
                        .getString("outcome"));
        assertAmount("0", credits());
    }

    @Test
    void eventsTopUpsDoNotUseAndForeignSessionsAreAnsweredAndIgnored() throws Exception {
        String other = "{\"id\":\"evt_1\",\"object\":\"event\",\"api_version\":\"2024-06-20\",\"created\":"
                + Instant.now().getEpochSecond() + ",\"type\":\"customer.created\",\"data\":{\"object\":"
                + "{\"id\":\"cus_1\",\"object\":\"customer\"}}}";

        Answer ignored = FakeStripe.deliver(webhook, other);

        assertReceived(ignored);
        assertEquals("ignored", ignored.body().getString("outcome"));
    }

    @Test
    void badAmountsAreRefusedWithTheReason() throws Exception {
        Map<String, String> refusals = Map.of(
                "\"0\"", "amount: must be more than 0 and at most 10000 USD of credits",
                "-5", "amount: must be more than 0 and at most 10000 USD of credits",
                "\"10000.01\"", "amount: must be more than 0 and at most 10000 USD of credits",
                "\"20.001\"", "amount: must be whole cents (at most 2 decimals), e.g. \"20.00\"",
                "\"twenty\"", "amount: must be a decimal number such as \"0.0000015\"",
                "null", "amount: is required: USD of credits, e.g. \"20.00\"");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            Answer answer = checkout(refusal.getKey());
            assertEquals(400, answer.status(), refusal.getKey() + ": " + answer.raw());
            assertEquals(refusal.getValue(), answer.errorMessage(), refusal.getKey());
        }
        Answer unknownField = management.post("/api/v1/credits/checkout", "{\"amount\":\"20\",\"currency\":\"eur\"}");
        assertEquals(400, unknownField.status(), unknownField.raw());
        assertTrue(unknownField.errorMessage().startsWith("currency: unknown field"), unknownField.raw());
    }

    @Test
    void onlyAManagementKeyMayBuyCredits() throws Exception {
        Answer inferenceKey = management.post("/api/v1/keys", "{\"name\":\"calls\"}");
        assertEquals(201, inferenceKey.status(), inferenceKey.raw());

        Answer anonymous =
                new OperatorClient(base.toURI(), null).post("/api/v1/credits/checkout", "{\"amount\":\"20\"}");
        Answer inference = new OperatorClient(base.toURI(), inferenceKey.body().getString("key"))
                .post("/api/v1/credits/checkout", "{\"amount\":\"20\"}");

        assertEquals(401, anonymous.status(), anonymous.raw());
        assertEquals(403, inference.status(), inference.raw());
        assertEquals(403, inference.body().getJsonObject("error").getInt("code"));
    }
}
