package dev.tollgate.api.key.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tollgate.api.key.control.CallerKey;
import dev.tollgate.api.key.control.KeyAuthenticator;
import dev.tollgate.api.key.control.KeyRefusedException;
import dev.tollgate.db.migration.Migrations;
import dev.tollgate.db.tenancy.ScopedDataSource;
import dev.tollgate.db.tenancy.TenantScope;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.servlet.FilterChain;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API's doors narrow a tenant's request all the way to PostgreSQL: behind the key filters, a query that forgets its
 * organisation filter returns only the caller's rows, and once the request is over (answered or failed) the thread and
 * its pooled connection are back in the platform's scope. One pooled connection, so the scope must change on it.
 */
class TenantScopeAtTheDoorTest {

    private static final UUID ORG_A = UUID.randomUUID();
    private static final UUID ORG_B = UUID.randomUUID();
    private static final Map<String, CallerKey> KEYS = Map.of(
            "Bearer a-inference", caller(ORG_A, false),
            "Bearer a-management", caller(ORG_A, true),
            "Bearer b-management", caller(ORG_B, true));

    private static EmbeddedPostgres server;
    private static HikariDataSource pool;
    private static ScopedDataSource application;

    private final KeyAuthenticator authenticator = new KeyAuthenticator() {
        @Override
        public CallerKey authenticate(Optional<String> authorization) {
            return authorization.map(KEYS::get).orElseThrow(() -> new KeyRefusedException(401, "Invalid API key"));
        }
    };

    @BeforeAll
    static void twoOrganisationsWithAGenerationEach() throws Exception {
        server = EmbeddedPostgres.builder().start();
        Migrations.apply(server.getPostgresDatabase());
        HikariConfig config = new HikariConfig();
        config.setDataSource(server.getPostgresDatabase());
        config.setMaximumPoolSize(1);
        pool = new HikariDataSource(config);
        application = new ScopedDataSource(pool);
        try (Connection owner = server.getPostgresDatabase().getConnection()) {
            for (UUID org : List.of(ORG_A, ORG_B)) {
                UUID key = UUID.randomUUID();
                execute(owner, "INSERT INTO organization (id, name) VALUES (?, 'org')", org);
                execute(
                        owner,
                        "INSERT INTO api_key (id, organization_id, hash, label, name, management)"
                                + " VALUES (?, ?, ?, 'l', 'n', false)",
                        key,
                        org,
                        (org.toString() + org).replace("-", "").substring(0, 64));
                execute(
                        owner,
                        "INSERT INTO generation (id, organization_id, api_key_id, requested_model, streamed,"
                                + " created_at) VALUES (?, ?, ?, 'm', false, now())",
                        generation(org),
                        org,
                        key);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pool.close();
        server.close();
    }

    @Test
    void aManagementKeysRequestSeesOnlyItsOrganisationsRows() throws Exception {
        ManagementKeyFilter door = new ManagementKeyFilter();
        door.authenticator = authenticator;
        ContainerRequestContext request = request("Bearer a-management");

        serve(door, request, () -> {
            assertEquals(TenantScope.tenant(ORG_A), TenantScope.current());
            assertEquals(ORG_A, OrganizationKeyFilter.caller(request).organizationId());
            // The queries a forgetful resource would make: no organisation in them.
            assertEquals(List.of(ORG_A), organizations("SELECT organization_id FROM generation"));
            assertEquals(List.of(), organizations("SELECT organization_id FROM generation WHERE id = ?", "gen-b"));
            assertEquals(List.of(ORG_A), organizations("SELECT organization_id FROM api_key"));
        });

        assertEquals(TenantScope.platform(), TenantScope.current());
        assertEquals(List.of(ORG_A, ORG_B), organizations("SELECT organization_id FROM generation ORDER BY id"));
    }

    @Test
    void anyKeyOfAnOrganisationNarrowsItsRequestToThatOrganisation() throws Exception {
        OrganizationKeyFilter door = new OrganizationKeyFilter();
        door.authenticator = authenticator;

        serve(door, request("Bearer a-inference"), () -> {
            assertEquals(List.of(ORG_A), organizations("SELECT organization_id FROM generation"));
        });
        serve(door, request("Bearer b-management"), () -> {
            assertEquals(List.of(ORG_B), organizations("SELECT organization_id FROM generation"));
        });

        assertEquals(List.of(ORG_A, ORG_B), organizations("SELECT organization_id FROM generation ORDER BY id"));
    }

    @Test
    void aRequestThatFailsStillGivesItsThreadBackInThePlatformsScope() throws Exception {
        OrganizationKeyFilter door = new OrganizationKeyFilter();
        door.authenticator = authenticator;

        IllegalStateException failed = assertThrows(
                IllegalStateException.class,
                () -> serve(door, request("Bearer a-inference"), () -> {
                    throw new IllegalStateException("the resource failed");
                }));

        assertEquals("the resource failed", failed.getMessage());
        assertEquals(TenantScope.platform(), TenantScope.current());
        assertEquals(List.of(ORG_A, ORG_B), organizations("SELECT organization_id FROM generation ORDER BY id"));
    }

    @Test
    void aRefusedKeyIsLeftNoCallerAndNoScope() throws Exception {
        ManagementKeyFilter door = new ManagementKeyFilter();
        door.authenticator = authenticator;
        ContainerRequestContext request = request("Bearer a-inference");

        KeyRefusedException refused = assertThrows(KeyRefusedException.class, () -> serve(door, request, () -> {}));

        assertEquals(403, refused.status());
        assertNull(OrganizationKeyFilter.caller(request));
        assertSame(TenantScope.platform(), TenantScope.current());
    }

    /** A request through the servlet filter, the key filter, then the resource's work, as the container runs it. */
    private static void serve(ContainerRequestFilter door, ContainerRequestContext request, DatabaseWork resource)
            throws Exception {
        FilterChain chain = (servletRequest, servletResponse) -> {
            door.filter(request);
            try {
                resource.run();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        };
        new TenantScopeFilter().doFilter(null, null, chain);
    }

    @FunctionalInterface
    private interface DatabaseWork {
        void run() throws SQLException;
    }

    private static List<UUID> organizations(String sql, Object... parameters) throws SQLException {
        try (Connection connection = application.getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            bind(query, parameters);
            List<UUID> found = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getObject(1, UUID.class));
                }
            }
            return found;
        }
    }

    /** Only the headers and properties a key filter reads and writes. */
    private static ContainerRequestContext request(String authorization) {
        Map<String, Object> properties = new HashMap<>();
        return (ContainerRequestContext) Proxy.newProxyInstance(
                ContainerRequestContext.class.getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getHeaderString" -> "Authorization".equalsIgnoreCase((String) args[0]) ? authorization : null;
                    case "setProperty" -> properties.put((String) args[0], args[1]);
                    case "getProperty" -> properties.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static CallerKey caller(UUID organization, boolean management) {
        return new CallerKey(
                UUID.randomUUID(),
                organization,
                "hash",
                management,
                false,
                List.of(),
                Optional.empty(),
                Optional.empty());
    }

    /** Sorts A's before B's, so that "both" reads as one list. */
    private static String generation(UUID organization) {
        return organization.equals(ORG_A) ? "gen-a" : "gen-b";
    }

    private static void execute(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            statement.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }
}
