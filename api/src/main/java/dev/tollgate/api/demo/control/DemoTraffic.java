package dev.tollgate.api.demo.control;

import dev.tollgate.admin.audit.entity.Actor;
import dev.tollgate.api.key.control.KeyDraft;
import dev.tollgate.api.key.control.KeyService;
import dev.tollgate.api.org.control.OrganizationService;
import dev.tollgate.api.org.entity.Organization;
import dev.tollgate.billing.grant.CreditGrants;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * In demo mode ({@code TOLLGATE_DEMO=true}), a few made-up apps call the demo catalog's models through this
 * installation's own HTTP API once it is ready, so that a new portal shows rankings, model health and charts instead
 * of empty pages. The calls are real: held, routed, settled in the ledger and recorded like any other, paid from an
 * organisation of their own ("Demo apps") that gets a one-time grant. Nothing happens without demo mode or with
 * {@code TOLLGATE_DEMO_TRAFFIC=false}.
 */
@ApplicationScoped
public class DemoTraffic {

    static final String ORGANIZATION = "Demo apps";
    private static final Logger LOG = Logger.getLogger(DemoTraffic.class.getName());
    private static final BigDecimal GRANT = new BigDecimal("1.00");
    private static final Duration READY_WITHIN = Duration.ofMinutes(5);

    @Inject
    Config config;

    @Inject
    OrganizationService organizations;

    @Inject
    CreditGrants grants;

    @Inject
    KeyService keys;

    void onStart(
            @Observes @Priority(Interceptor.Priority.APPLICATION + 500) @Initialized(ApplicationScoped.class)
                    Object event) {
        boolean demo = config.getOptionalValue("tollgate.demo", Boolean.class).orElse(false);
        boolean traffic =
                config.getOptionalValue("tollgate.demo.traffic", Boolean.class).orElse(true);
        if (!demo || !traffic) {
            return;
        }
        URI base = URI.create("http://127.0.0.1:"
                + config.getOptionalValue("tollgate.http-port", Integer.class).orElse(8080) + "/");
        // The HTTP listener opens only after deployment, which this observer is part of: wait for it elsewhere.
        Thread sender = new Thread(() -> send(base), "tollgate-demo-traffic");
        sender.setDaemon(true);
        sender.start();
    }

    private void send(URI base) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            if (!ready(http, base)) {
                LOG.warning("demo traffic: " + base + " did not become ready within " + READY_WITHIN + "; no traffic");
                return;
            }
            Organization organization = organizations
                    .findNamed(ORGANIZATION)
                    .orElseGet(() ->
                            organizations.create(Actor.system(), ORGANIZATION).organization());
            // One grant per organisation, whatever the number of starts: the grant id is the organisation's.
            grants.grant(
                    organization.getId(),
                    GRANT,
                    Optional.of("demo traffic"),
                    UUID.nameUUIDFromBytes(("demo-grant:" + organization.getId()).getBytes(StandardCharsets.UTF_8)));
            KeyService.NewKey key = keys.create(
                    Actor.system(),
                    organization.getId(),
                    new KeyDraft(
                            "demo traffic " + Instant.now(),
                            Optional.empty(),
                            Optional.empty(),
                            false,
                            Optional.empty(),
                            false));
            int answered = 0;
            int sent = 0;
            try {
                for (DemoApp app : DemoApp.ALL) {
                    for (int call = 0; call < app.calls(); call++) {
                        String model = app.models().get(call % app.models().size());
                        sent++;
                        if (call(http, base, key.key().key(), app, model, call) == 200) {
                            answered++;
                        }
                    }
                }
            } finally {
                keys.delete(Actor.system(), organization.getId(), key.key().hash());
            }
            LOG.info("demo traffic: " + answered + " of " + sent + " calls answered");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            // Demo traffic is a courtesy: the installation serves the same without it.
            LOG.log(Level.WARNING, "demo traffic stopped: " + e.getMessage(), e);
        }
    }

    private static boolean ready(HttpClient http, URI base) throws InterruptedException {
        Instant deadline = Instant.now().plus(READY_WITHIN);
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<Void> answer = http.send(
                        HttpRequest.newBuilder(base.resolve("health/ready"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // the listener is not open yet
            }
            Thread.sleep(1000);
        }
        return false;
    }

    private static int call(HttpClient http, URI base, String key, DemoApp app, String model, int call)
            throws IOException, InterruptedException {
        String body = "{\"model\":\"" + model + "\",\"max_tokens\":" + (40 + 10 * (call % 5))
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Demo question " + (call + 1) + " from "
                + app.title() + "\"}]}";
        HttpRequest request = HttpRequest.newBuilder(base.resolve("api/v1/chat/completions"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .header("HTTP-Referer", app.referer())
                .header("X-Title", app.title())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
