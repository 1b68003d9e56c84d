package dev.tollgate.api.inference.boundary;

import dev.tollgate.admin.RefusedException;
import dev.tollgate.api.inference.control.AdmissionRefusedException;
import dev.tollgate.api.inference.control.Attribution;
import dev.tollgate.api.inference.control.CallAdmission;
import dev.tollgate.api.inference.control.FailureReport;
import dev.tollgate.api.inference.control.InferenceCall;
import dev.tollgate.api.inference.control.InferenceRequest;
import dev.tollgate.api.inference.control.InferenceService;
import dev.tollgate.api.inference.control.InvalidRequestException;
import dev.tollgate.api.key.control.CallerKey;
import dev.tollgate.api.key.control.KeyAuthenticator;
import dev.tollgate.api.request.boundary.BodyLimitFilter;
import dev.tollgate.billing.call.CallHold;
import dev.tollgate.db.DatabaseOutage;
import dev.tollgate.routing.adapter.BodyBytes;
import dev.tollgate.routing.adapter.WireJson;
import dev.tollgate.routing.dispatch.DispatchFailedException;
import dev.tollgate.routing.dispatch.NoRouteException;
import dev.tollgate.routing.dispatch.RoutePlan;
import dev.tollgate.routing.router.InvalidPreferencesException;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The inference endpoints' HTTP side: the key (an inference key: management keys get 403), a bounded body, the answer
 * as JSON or as server-sent events, and every error in OpenRouter's envelope with its status. A plain servlet on
 * purpose: it is the hot path (see {@code docs/decisions.md}).
 *
 * <p>Settings: {@code tollgate.api.max-body-bytes} (default 10 MiB), {@code tollgate.stream.keep-alive-ms} (quiet time
 * before a keep-alive comment, default 2000), {@code tollgate.upstream.silence-timeout} (seconds a started stream
 * may go silent, default 60) and {@code tollgate.stream.max-seconds} (seconds a stream may last in all, from the
 * request's arrival, default 600).
 */
abstract class InferenceServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(InferenceServlet.class.getName());

    private int maxBodyBytes;
    private Duration keepAlive;
    private Duration silenceLimit;
    private Duration longestStream;

    @Inject
    KeyAuthenticator keys;

    @Inject
    InferenceService inference;

    @Inject
    CallAdmission admission;

    @Inject
    StreamWatch watch;

    @Override
    public void init() {
        Config config = ConfigProvider.getConfig();
        maxBodyBytes = config.getOptionalValue("tollgate.api.max-body-bytes", Integer.class)
                .orElse(10 * 1024 * 1024);
        keepAlive = Duration.ofMillis(config.getOptionalValue("tollgate.stream.keep-alive-ms", Long.class)
                .orElse(2000L));
        silenceLimit = Duration.ofSeconds(config.getOptionalValue("tollgate.upstream.silence-timeout", Long.class)
                .orElse(60L));
        longestStream = Duration.ofSeconds(config.getOptionalValue("tollgate.stream.max-seconds", Long.class)
                .orElse(600L));
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if ("POST".equals(request.getMethod())) {
            doPost(request, response);
        } else {
            response.setHeader("Allow", "POST");
            error(response, 405, "Use POST for " + request.getRequestURI(), Optional.empty());
        }
    }

    /** Reads and checks the body for this endpoint. */
    abstract InferenceRequest read(byte[] body);

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            CallerKey caller = keys.authenticate(Optional.ofNullable(request.getHeader("Authorization")));
            if (caller.management()) {
                throw new InvalidRequestException(
                        403, "A management key cannot call inference: use one of the organisation's API keys");
            }
            InferenceRequest read = read(body(request));
            InferenceCall call = new InferenceCall(
                    caller,
                    read,
                    Attribution.of(
                            Optional.ofNullable(request.getHeader("HTTP-Referer"))
                                    .orElse(request.getHeader("Referer")),
                            request.getHeader("X-OpenRouter-Title"),
                            request.getHeader("X-Title")));
            RoutePlan plan = inference.plan(call);
            CallHold hold = admission.hold(call, plan);
            response.setHeader("X-Generation-Id", call.generationId());
            try {
                if (read.stream()) {
                    stream(call, plan, response, hold);
                } else {
                    json(response, 200, inference.complete(call, plan, hold));
                }
            } catch (RuntimeException | Error unexpected) {
                inference.releaseQuietly(hold);
                throw unexpected;
            }
        } catch (RefusedException refused) {
            if (refused instanceof AdmissionRefusedException admissionRefused) {
                admissionRefused.headers().forEach(response::setHeader);
            }
            if (refused.status() == 413) {
                // The rest of the body is still on its way: answer now and close, rather than read it all.
                response.setHeader("Connection", "close");
            }
            error(response, refused.status(), refused.getMessage(), Optional.empty());
            response.flushBuffer();
        } catch (InvalidPreferencesException invalid) {
            error(response, 400, invalid.getMessage(), Optional.empty());
        } catch (NoRouteException none) {
            error(response, none.status(), none.getMessage(), Optional.of(metadata(none.metadata())));
        } catch (DispatchFailedException failed) {
            FailureReport.retryAfterSeconds(failed)
                    .ifPresent(seconds -> response.setHeader("Retry-After", Long.toString(seconds)));
            json(
                    response,
                    FailureReport.status(failed),
                    WireJson.object().add("error", FailureReport.error(failed)).build());
        } catch (RuntimeException unexpected) {
            if (DatabaseOutage.explains(unexpected)) {
                // Not a defect: the database is away. The caller retries; the pool reconnects when it is back.
                LOG.warning("Inference call answered 503, the database is away: " + unexpected);
                if (!response.isCommitted()) {
                    response.setHeader("Retry-After", Integer.toString(DatabaseOutage.RETRY_AFTER_SECONDS));
                    error(response, 503, DatabaseOutage.MESSAGE, Optional.empty());
                }
                return;
            }
            String reference = UUID.randomUUID().toString();
            LOG.log(Level.SEVERE, "Inference call failed unexpectedly (reference " + reference + ")", unexpected);
            if (!response.isCommitted()) {
                error(response, 500, "Internal error (reference " + reference + ")", Optional.empty());
            }
        }
    }

    private void stream(InferenceCall call, RoutePlan plan, HttpServletResponse response, CallHold hold)
            throws IOException, DispatchFailedException {
        SseSink sink = new SseSink(response);
        ScheduledFuture<?> watching = watch.watch(call, sink, keepAlive, silenceLimit, longestStream);
        try {
            inference.stream(call, plan, sink, hold);
        } catch (DispatchFailedException failed) {
            if (!sink.committed()) {
                throw failed;
            }
            try {
                sink.send(inference.dispatchFailedChunk(call, failed));
            } catch (IOException callerGone) {
                // Nobody is left to tell.
            }
        } catch (RuntimeException failed) {
            if (sink.committed() && DatabaseOutage.explains(failed)) {
                // The stream has begun, so its status is said: an error chunk ends it instead of silence.
                try {
                    sink.send(inference.databaseOutageChunk(call));
                } catch (IOException callerGone) {
                    // Nobody is left to tell.
                }
            }
            throw failed;
        } finally {
            watching.cancel(false);
            sink.close();
        }
    }

    private byte[] body(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            long declared = request.getContentLengthLong();
            byte[] body = declared > maxBodyBytes ? new byte[0] : BodyBytes.readUpTo(in, declared, maxBodyBytes);
            if (body.length > maxBodyBytes || declared > maxBodyBytes) {
                BodyLimitFilter.discard(in, maxBodyBytes);
                throw tooLarge();
            }
            return body;
        }
    }

    private InvalidRequestException tooLarge() {
        return new InvalidRequestException(
                413, "The request body is larger than " + maxBodyBytes + " bytes: send fewer or smaller messages");
    }

    private static void error(HttpServletResponse response, int status, String message, Optional<JsonObject> metadata)
            throws IOException {
        JsonObjectBuilder error = WireJson.object().add("code", status).add("message", message);
        metadata.ifPresent(value -> error.add("metadata", value));
        json(response, status, WireJson.object().add("error", error).build());
    }

    private static void json(HttpServletResponse response, int status, JsonObject body) throws IOException {
        byte[] bytes = WireJson.bytes(body);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static JsonObject metadata(Map<String, Object> values) {
        JsonObjectBuilder metadata = WireJson.object();
        values.forEach((name, value) -> {
            if (value instanceof Collection<?> list) {
                JsonArrayBuilder array = WireJson.array();
                list.forEach(item -> array.add(String.valueOf(item)));
                metadata.add(name, array);
            } else {
                metadata.add(name, String.valueOf(value));
            }
        });
        return metadata.build();
    }
}
