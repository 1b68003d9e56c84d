package dev.tollgate.api.inference.control;

import dev.tollgate.api.key.control.CallerKey;
import dev.tollgate.routing.dispatch.CallControl;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One call in flight: who makes it, what was asked, its generation id (known before any answer, for the
 * {@code X-Generation-Id} header) and the control that stops it when the client leaves or the upstream goes silent.
 */
public final class InferenceCall {

    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final String generationId;
    private final CallerKey caller;
    private final InferenceRequest request;
    private final Attribution attribution;
    private final Instant receivedAt = Instant.now();
    private final long receivedNanos = System.nanoTime();
    private final CallControl control = new CallControl();
    private volatile long lastUpstreamNanos;

    public InferenceCall(CallerKey caller, InferenceRequest request, Attribution attribution) {
        this.generationId = newGenerationId(receivedAt);
        this.caller = caller;
        this.request = request;
        this.attribution = attribution;
    }

    /** OpenRouter's form: {@code gen-<unix seconds>-<20 random letters and digits>}. */
    static String newGenerationId(Instant at) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder id =
                new StringBuilder(36).append("gen-").append(at.getEpochSecond()).append('-');
        for (int i = 0; i < 20; i++) {
            id.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }

    public String generationId() {
        return generationId;
    }

    public CallerKey caller() {
        return caller;
    }

    public InferenceRequest request() {
        return request;
    }

    public Attribution attribution() {
        return attribution;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    long receivedNanos() {
        return receivedNanos;
    }

    /** Nanoseconds since the request arrived. */
    public long ageNanos() {
        return System.nanoTime() - receivedNanos;
    }

    public CallControl control() {
        return control;
    }

    /** Notes that the upstream just sent something. */
    void upstreamSpoke() {
        lastUpstreamNanos = System.nanoTime();
    }

    /** Nanoseconds since the upstream last sent something, once a stream has started; 0 before. */
    public long upstreamSilentNanos() {
        long last = lastUpstreamNanos;
        return last == 0 ? 0 : System.nanoTime() - last;
    }
}
