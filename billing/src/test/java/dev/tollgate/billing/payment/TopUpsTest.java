package dev.tollgate.billing.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.billing.FreshDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class TopUpsTest {

    private PGSimpleDataSource database;
    private TopUps topUps;
    private UUID buyer;
    private UUID other;

    @BeforeEach
    void twoOrganisations() throws Exception {
        database = FreshDatabase.create();
        topUps = new TopUps(database);
        buyer = organisation("Buyer");
        other = organisation("Other");
    }

    private UUID organisation(String name) throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection connection = database.getConnection();
                PreparedStatement insert =
                        connection.prepareStatement("INSERT INTO organization (id, name) VALUES (?, ?)")) {
            insert.setObject(1, id);
            insert.setString(2, name);
            insert.executeUpdate();
        }
        return id;
    }

    private void bought(String sessionId, UUID organization, String credits, String createdAt) throws Exception {
        topUps.open(sessionId, organization, TopUpFees.DEFAULTS.quote(new BigDecimal(credits)));
        try (Connection connection = database.getConnection();
                PreparedStatement update =
                        connection.prepareStatement("UPDATE topup SET created_at = ? WHERE session_id = ?")) {
            update.setTimestamp(1, Timestamp.from(Instant.parse(createdAt)));
            update.setString(2, sessionId);
            update.executeUpdate();
        }
    }

    private static List<String> sessions(List<TopUp> history) {
        return history.stream().map(TopUp::sessionId).toList();
    }

    @Test
    void theHistoryIsTheOrganisationsOwnNewestFirstAndLimited() throws Exception {
        bought("cs_march", buyer, "10", "2026-03-01T10:00:00Z");
        bought("cs_other", other, "50", "2026-04-01T10:00:00Z");
        bought("cs_may", buyer, "100", "2026-05-01T10:00:00Z");
        bought("cs_january", buyer, "20", "2026-01-01T10:00:00Z");

        List<TopUp> history = topUps.history(buyer, 10);

        assertEquals(List.of("cs_may", "cs_march", "cs_january"), sessions(history));
        TopUp may = history.get(0);
        assertEquals(new BigDecimal("100.00"), may.quote().credits());
        assertEquals(new BigDecimal("5.50"), may.quote().fee());
        assertEquals(new BigDecimal("105.50"), may.quote().total());
        assertEquals(TopUpStatus.OPEN, may.status());
        assertEquals(Instant.parse("2026-05-01T10:00:00Z"), may.createdAt());
        assertEquals(List.of("cs_may", "cs_march"), sessions(topUps.history(buyer, 2)));
        assertEquals(List.of("cs_other"), sessions(topUps.history(other, 10)));
        assertEquals(List.of(), topUps.history(UUID.randomUUID(), 10));
    }
}
