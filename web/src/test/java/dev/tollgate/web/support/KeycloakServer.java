package dev.tollgate.web.support;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Keycloak (the distribution the build unpacks into {@code target/}) in development mode on a free loopback
 * port, with Tollgate's realm imported from {@code docker/keycloak/tollgate-realm.json}. Its data folder is wiped at
 * every start, so each run imports the realm afresh. Users are made through the admin REST API as the bootstrap
 * administrator. Browsers must call it {@code localhost}: Keycloak marks its cookies Secure, which Chromium keeps
 * over plain http only for localhost.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String REALM = "tollgate";
    public static final String CLIENT_ID = "tollgate-portal";

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ADMIN = "admin";

    private final Process process;
    private final Path output;
    private final int port;
    private final String adminPassword;

    private KeycloakServer(Process process, Path output, int port, String adminPassword) {
        this.process = process;
        this.output = output;
        this.port = port;
        this.adminPassword = adminPassword;
    }

    /**
     * Starts Keycloak with the shipped realm, its Tollgate address ({@code http://localhost:8080}, as docker/compose
     * runs it) replaced by {@code tollgatePublicUrl}. Returns at once; {@link #awaitReady} waits.
     */
    public static KeycloakServer start(String tollgatePublicUrl) throws IOException {
        Path home = Path.of(System.getProperty("keycloak.home"));
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("Keycloak is not unpacked at " + home + ": run the ITs through mvn verify");
        }
        Path data = home.resolve("data");
        if (Files.exists(data)) {
            try (Stream<Path> files = Files.walk(data)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        Path imports = Files.createDirectories(data.resolve("import"));
        Path root = Path.of(System.getProperty("tollgate.root"));
        String realm = Files.readString(root.resolve("docker/keycloak/tollgate-realm.json"))
                .replace("http://localhost:8080", tollgatePublicUrl);
        Files.writeString(imports.resolve("tollgate-realm.json"), realm);

        int port = TollgateProcess.freePort();
        String adminPassword = UUID.randomUUID().toString();
        Path output = Files.createTempFile("keycloak-run", ".log");
        ProcessBuilder builder = new ProcessBuilder(
                        home.resolve("bin/kc.sh").toString(),
                        "start-dev",
                        "--http-host=127.0.0.1",
                        "--http-port=" + port,
                        "--import-realm")
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> environment = builder.environment();
        environment.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
        environment.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        // Two JVMs and a browser share this machine: Keycloak's default takes 70 % of the memory.
        environment.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        return new KeycloakServer(builder.start(), output, port, adminPassword);
    }

    /** The realm's issuer as browsers and Tollgate both reach it. */
    public String issuer() {
        return "http://localhost:" + port + "/realms/" + REALM;
    }

    /** Waits until the realm's discovery document answers, i.e. Keycloak is up and the realm imported. */
    public KeycloakServer awaitReady(Duration limit) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        URI discovery = URI.create(issuer() + "/.well-known/openid-configuration");
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError(
                        "Keycloak exited with " + process.exitValue() + " before it was ready:\n" + tail());
            }
            try {
                if (Http.get(discovery).statusCode() == 200) {
                    return this;
                }
            } catch (IOException notListeningYet) {
                // The port opens late in Keycloak's start-up.
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        throw new AssertionError("Keycloak was not ready within " + limit + ":\n" + tail());
    }

    /** Makes an enabled user with a verified email (also their user name), a password and these realm roles. */
    public void createUser(String email, String password, String... realmRoles)
            throws IOException, InterruptedException {
        String token = adminToken();
        JsonObject user = Json.createObjectBuilder()
                .add("username", email)
                .add("email", email)
                .add("emailVerified", true)
                .add("enabled", true)
                // The realm's user profile requires both names; without them the first sign-in asks for them.
                .add("firstName", "Test")
                .add("lastName", email.substring(0, email.indexOf('@')))
                .add(
                        "credentials",
                        Json.createArrayBuilder()
                                .add(Json.createObjectBuilder()
                                        .add("type", "password")
                                        .add("value", password)
                                        .add("temporary", false)))
                .build();
        HttpResponse<String> created = admin(token, "POST", "/users", user.toString());
        if (created.statusCode() != 201) {
            throw new AssertionError(
                    "Keycloak refused user " + email + ": " + created.statusCode() + " " + created.body());
        }
        String location = created.headers().firstValue("Location").orElseThrow();
        String id = location.substring(location.lastIndexOf('/') + 1);
        for (String role : realmRoles) {
            String representation = admin(token, "GET", "/roles/" + role, null).body();
            HttpResponse<String> mapped =
                    admin(token, "POST", "/users/" + id + "/role-mappings/realm", "[" + representation + "]");
            if (mapped.statusCode() != 204) {
                throw new AssertionError("Keycloak did not give " + email + " the role " + role + ": "
                        + mapped.statusCode() + " " + mapped.body());
            }
        }
    }

    /** The realm roles a user has, directly or through composite roles such as the realm's default one. */
    public List<String> realmRolesOf(String email) throws IOException, InterruptedException {
        String token = adminToken();
        String id = userId(token, email);
        return array(admin(token, "GET", "/users/" + id + "/role-mappings/realm/composite", null)).stream()
                .map(JsonValue::asJsonObject)
                .map(role -> role.getString("name"))
                .toList();
    }

    /** What Keycloak's brute-force detection says of a user: {@code disabled} (locked now), {@code numFailures}. */
    public JsonObject bruteForceStatus(String email) throws IOException, InterruptedException {
        String token = adminToken();
        String body = admin(token, "GET", "/attack-detection/brute-force/users/" + userId(token, email), null)
                .body();
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }

    private String userId(String token, String email) throws IOException, InterruptedException {
        JsonArray users = array(admin(
                token, "GET", "/users?exact=true&email=" + URLEncoder.encode(email, StandardCharsets.UTF_8), null));
        if (users.size() != 1) {
            throw new AssertionError("Keycloak has " + users.size() + " users with the email " + email);
        }
        return users.getJsonObject(0).getString("id");
    }

    private String adminToken() throws IOException, InterruptedException {
        String form = "grant_type=password&client_id=admin-cli&username=" + ADMIN + "&password="
                + URLEncoder.encode(adminPassword, StandardCharsets.UTF_8);
        HttpResponse<String> response = CLIENT.send(
                HttpRequest.newBuilder(
                                URI.create("http://localhost:" + port + "/realms/master/protocol/openid-connect/token"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("no admin token from Keycloak: " + response.statusCode() + " " + response.body());
        }
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            return ((JsonString) reader.readObject().get("access_token")).getString();
        }
    }

    private HttpResponse<String> admin(String token, String method, String path, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/admin/realms/" + REALM + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonArray array(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError("Keycloak answered " + response.statusCode() + ": " + response.body());
        }
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readArray();
        }
    }

    private String tail() throws IOException {
        String all = Files.readString(output);
        return all.substring(Math.max(0, all.length() - 4000));
    }

    /** Stops Keycloak and whatever its start script started, and waits until they are gone. */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle()))
                .toList();
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                handle.destroyForcibly();
            }
        }
    }
}
