package dev.tollgate.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

    private static DatabaseSettings read(Map<String, String> values) {
        return DatabaseSettings.from(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void withoutAUrlTheDatabaseIsEmbeddedUnderTheDataFolder() {
        DatabaseSettings settings = read(Map.of());

        assertTrue(settings.embedded());
        assertEquals(Path.of("data").toAbsolutePath(), settings.dataDir());
        assertEquals(0, settings.embeddedPort());
        assertEquals(16, settings.poolSize());
        assertEquals(3_000, settings.connectionTimeoutMillis());
    }

    @Test
    void aUrlSwitchesToTheExternalDatabase() {
        DatabaseSettings settings = read(Map.of(
                "tollgate.db.url", "jdbc:postgresql://db.internal:5432/tollgate",
                "tollgate.db.user", "gateway",
                "tollgate.db.password", "secret",
                "tollgate.db.pool.size", "32"));

        assertFalse(settings.embedded());
        assertEquals(
                "jdbc:postgresql://db.internal:5432/tollgate",
                settings.externalUrl().orElseThrow());
        assertEquals("gateway", settings.user());
        assertEquals("secret", settings.password());
        assertEquals(32, settings.poolSize());
    }

    @Test
    void aBlankUrlMeansEmbedded() {
        assertTrue(read(Map.of("tollgate.db.url", "  ")).embedded());
    }

    @Test
    void unusableValuesAreNamedByTheirEnvironmentVariable() {
        assertEquals(
                "TOLLGATE_DB_POOL_SIZE must be a whole number from 1 to 1000, not 'many'",
                assertThrows(InvalidSettingException.class, () -> read(Map.of("tollgate.db.pool.size", "many")))
                        .getMessage());
        assertEquals(
                "TOLLGATE_DB_EMBEDDED_PORT must be a whole number from 0 to 65535, not '70000'",
                assertThrows(InvalidSettingException.class, () -> read(Map.of("tollgate.db.embedded.port", "70000")))
                        .getMessage());
        assertEquals(
                "TOLLGATE_DB_CONNECTION_TIMEOUT_MS must be a whole number from 250 to 600000, not '100'",
                assertThrows(
                                InvalidSettingException.class,
                                () -> read(Map.of("tollgate.db.connection-timeout-ms", "100")))
                        .getMessage());
        assertTrue(assertThrows(
                        InvalidSettingException.class, () -> read(Map.of("tollgate.db.url", "mysql://localhost/x")))
                .getMessage()
                .startsWith("TOLLGATE_DB_URL must be a PostgreSQL JDBC URL"));
    }

    @Test
    void aPasswordNeverShowsInTheSettingsOrInAUrlAsShown() {
        DatabaseSettings settings = read(Map.of(
                "tollgate.db.url", "jdbc:postgresql://db.internal/tollgate?user=app&password=hunter2-db&ssl=true",
                "tollgate.db.password", "hunter2-env"));

        assertFalse(settings.toString().contains("hunter2"), settings.toString());
        assertEquals(
                "jdbc:postgresql://db.internal/tollgate?user=app&password=***&ssl=true",
                DatabaseSettings.shown(settings.externalUrl().orElseThrow()));
        assertEquals(
                "jdbc:postgresql://h/d?sslpassword=***",
                DatabaseSettings.shown("jdbc:postgresql://h/d?sslpassword=key-pass"));
        String refused = assertThrows(
                        InvalidSettingException.class,
                        () -> read(Map.of("tollgate.db.url", "mysql://h/x?password=hunter2-url")))
                .getMessage();
        assertFalse(refused.contains("hunter2"), refused);
    }
}
