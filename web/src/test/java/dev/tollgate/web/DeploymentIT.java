package dev.tollgate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.web.support.Http;
import dev.tollgate.web.support.SharedPostgres;
import jakarta.json.JsonObject;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The built WAR deployed by Arquillian on Payara Micro against a real, external PostgreSQL. The other integration
 * tests share one deployment that {@code SharedDeployment} starts the same way; this one goes through Arquillian
 * itself, its own Payara Micro, so the WAR is proven to deploy as a Jakarta EE container deploys it.
 */
@ExtendWith(SharedPostgres.class)
@ExtendWith(ArquillianExtension.class)
class DeploymentIT {

    @Deployment(testable = false)
    static WebArchive tollgate() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("tollgate.war")));
    }

    @ArquillianResource
    private URL base;

    private URI at(String path) {
        return URI.create(base.toString()).resolve(path);
    }

    @Test
    void isReadyWithTheDatabaseMigrated() throws Exception {
        HttpResponse<String> ready = Http.get(at("/health/ready"));

        assertEquals(200, ready.statusCode(), ready.body());
        // Found by name: MicroProfile Health lists the checks (database, cluster) in no promised order.
        JsonObject database = Http.json(ready).getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").equals("database"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no database check in " + ready.body()));
        assertEquals("UP", database.getString("status"));
        assertEquals("true", database.getJsonObject("data").getString("migrated"));
    }

    @Test
    void withoutAProviderSignInIsBuiltInAndTheOpenIdConnectPathsAreNotThere() throws Exception {
        assertEquals(404, Http.get(at("/auth/oidc/sign-in")).statusCode());
        assertEquals(404, Http.get(at("/auth/oidc/callback?code=abc&state=def")).statusCode());
        assertEquals(401, Http.get(at("/auth/me")).statusCode());
        HttpResponse<String> signOut = Http.get(at("/auth/sign-out"));
        assertEquals(302, signOut.statusCode());
        assertTrue(
                signOut.headers().firstValue("Location").orElse("").endsWith("/"),
                signOut.headers().map().toString());
    }

    @Test
    void liquibaseAppliedTheChangelog() throws Exception {
        try (Connection connection = SharedPostgres.connect();
                Statement statement = connection.createStatement();
                ResultSet applied = statement.executeQuery(
                        "SELECT count(*) FROM databasechangelog WHERE id = '0001-installation'")) {
            applied.next();
            assertEquals(1, applied.getInt(1));
        }
    }

    @Test
    void systemResourceReadsTheInstallationRow() throws Exception {
        String installationId;
        try (Connection connection = SharedPostgres.connect();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT id FROM installation")) {
            row.next();
            installationId = row.getString(1);
        }

        HttpResponse<String> system = Http.get(at("/api/system"));

        assertEquals(200, system.statusCode(), system.body());
        assertEquals(installationId, Http.json(system).getString("installation_id"));
        assertEquals("Tollgate", Http.json(system).getString("name"));
    }

    @Test
    void unknownApiPathAnswersInOpenRoutersErrorEnvelope() throws Exception {
        HttpResponse<String> missing = Http.get(at("/api/v1/no-such-thing"));

        assertEquals(404, missing.statusCode());
        assertEquals(404, Http.json(missing).getJsonObject("error").getInt("code"));
        assertTrue(missing.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
    }

    @Test
    void servesMetricsInPrometheusFormat() throws Exception {
        HttpResponse<String> metrics = Http.get(at("/metrics"));

        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("# TYPE "), metrics.body());
    }

    @Test
    void openApiDocumentsTheApi() throws Exception {
        HttpResponse<String> openApi = Http.get(at("/openapi"));

        assertEquals(200, openApi.statusCode());
        assertTrue(openApi.body().contains("title: Tollgate API"), openApi.body());
        assertTrue(openApi.body().contains("/api/system:"), openApi.body());
        assertTrue(openApi.body().contains("/api/admin/v1/providers:"), openApi.body());
        assertTrue(openApi.body().contains("/api/admin/v1/endpoints/{id}:"), openApi.body());
        assertTrue(openApi.body().contains("/api/v1/models:"), openApi.body());
    }
}
