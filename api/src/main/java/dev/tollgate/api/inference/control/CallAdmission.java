package dev.tollgate.api.inference.control;

import dev.tollgate.billing.call.CallCharges;
import dev.tollgate.billing.call.CallHold;
import dev.tollgate.billing.call.CreditsShortException;
import dev.tollgate.billing.call.CreditsShortException.Shortfall;
import dev.tollgate.billing.quota.FreeQuotaDecision;
import dev.tollgate.billing.quota.FreeQuotas;
import dev.tollgate.routing.adapter.WireJson;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import dev.tollgate.routing.catalog.TokenPrices;
import dev.tollgate.routing.dispatch.RoutePlan;
import dev.tollgate.routing.router.CallNeeds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * Whether a planned call may go ahead on the organisation's money: its worst case (the prompt at its longest plus
 * {@code max_tokens}, or the endpoint's most, of completion, at the dearest planned endpoint) is held against the
 * balance and the key's limit, or the call is refused as OpenRouter refuses it: 402 with what it can afford, 403 when
 * the key's limit is spent.
 *
 * <p>The prompt's text is first bounded by its UTF-8 length, which costs nothing to know and can only overstate it; only
 * when that bound does not fit is the text counted and the hold tried again, so that a low balance is not refused
 * for tokens the prompt does not have. To the text's tokens come what providers add around it: their chat format's
 * tokens per message, the tool definitions, and each image. A provider that counts more still gets paid; the
 * organisation's balance then dips below zero by the difference (docs/decisions.md, "Settlement").
 */
@ApplicationScoped
public class CallAdmission {

    /** More than any provider's chat format adds per message (OpenAI's adds 3 or 4), and once per call. */
    static final long TOKENS_PER_MESSAGE = 16;

    /** More than an image costs at OpenAI's high detail (1,105 tokens at 1024²) or Anthropic's largest (about 1,600). */
    static final long TOKENS_PER_IMAGE = 1_600;

    @Inject
    CallCharges charges;

    @Inject
    FreeQuotas freeQuotas;

    /**
     * @throws AdmissionRefusedException 402 or 403 when the call may not go ahead, 429 past a free-model quota; then
     *     nothing is held
     */
    public CallHold hold(InferenceCall call, RoutePlan plan) {
        boolean free = plan.endpoints().get(0).modelId().endsWith(":free");
        if (free) {
            // An organisation this replica has refused already, in a window still running, is refused again before
            // any ledger or quota work: a flood of over-quota calls costs no database round trip (docs/decisions.md).
            Optional<FreeQuotaDecision> known =
                    freeQuotas.knownRefusal(call.caller().organizationId());
            if (known.isPresent()) {
                throw new AdmissionRefusedException(
                        429, known.get().refusal().orElseThrow(), known.get().headers());
            }
        }
        CallHold hold = holdWorstCase(call, plan);
        // A free model's call counts against the quota only once it may go ahead otherwise: a 402 spends none of it.
        if (free) {
            FreeQuotaDecision quota = freeQuotas.admit(call.caller().organizationId());
            if (!quota.admitted()) {
                charges.release(hold);
                throw new AdmissionRefusedException(429, quota.refusal().orElseThrow(), quota.headers());
            }
        }
        return hold;
    }

    private CallHold holdWorstCase(InferenceCall call, RoutePlan plan) {
        JsonObject request = call.request().original();
        CallNeeds needs = CallNeeds.of(request);
        long beyondText = beyondText(request);
        long bound = needs.prompt().upperBound() + beyondText;
        try {
            return hold(call, plan, needs, bound);
        } catch (CreditsShortException shortBound) {
            if (shortBound.shortfall() != Shortfall.WORST_CASE_UNAFFORDABLE) {
                throw refusal(call, shortBound, plan, needs, bound);
            }
            long counted = needs.prompt().tokens() + beyondText;
            if (counted >= bound) {
                throw refusal(call, shortBound, plan, needs, bound);
            }
            try {
                return hold(call, plan, needs, counted);
            } catch (CreditsShortException shortCounted) {
                throw refusal(call, shortCounted, plan, needs, counted);
            }
        }
    }

    /** The prompt tokens that are not its text: per message, tool definitions (by their length), images. */
    private static long beyondText(JsonObject request) {
        long tokens = TOKENS_PER_MESSAGE;
        if (request.get("messages") instanceof JsonArray messages) {
            tokens += TOKENS_PER_MESSAGE * messages.size();
            for (JsonValue message : messages) {
                if (message instanceof JsonObject object && object.get("content") instanceof JsonArray parts) {
                    for (JsonValue part : parts) {
                        if (part instanceof JsonObject partObject
                                && WireJson.stringField(partObject, "type")
                                        .filter("image_url"::equals)
                                        .isPresent()) {
                            tokens += TOKENS_PER_IMAGE;
                        }
                    }
                }
            }
        }
        if (request.get("tools") instanceof JsonArray tools) {
            tokens += WireJson.write(tools).length();
        }
        return tokens;
    }

    private CallHold hold(InferenceCall call, RoutePlan plan, CallNeeds needs, long promptTokens) {
        return charges.hold(
                call.caller().organizationId(),
                call.caller().keyId(),
                call.caller().spendCap(Instant.now()),
                call.generationId(),
                worstCase(dearest(plan, needs, promptTokens), needs, promptTokens));
    }

    private static RoutableEndpoint dearest(RoutePlan plan, CallNeeds needs, long promptTokens) {
        return plan.endpoints().stream()
                .max(Comparator.comparing(endpoint -> worstCase(endpoint, needs, promptTokens)))
                .orElseThrow();
    }

    private static BigDecimal worstCase(RoutableEndpoint endpoint, CallNeeds needs, long promptTokens) {
        return endpoint.listPrice().charge(promptTokens, completionBound(endpoint, needs));
    }

    /** The most a call may produce at an endpoint: its {@code max_tokens}, else the endpoint's most, else its window. */
    private static long completionBound(RoutableEndpoint endpoint, CallNeeds needs) {
        return needs.maxTokens()
                .orElseGet(() ->
                        endpoint.maxCompletionTokens().map(Integer::longValue).orElse((long) endpoint.contextLength()));
    }

    private static AdmissionRefusedException refusal(
            InferenceCall call, CreditsShortException shortfall, RoutePlan plan, CallNeeds needs, long promptTokens) {
        switch (shortfall.shortfall()) {
            case NO_CREDITS:
                return new AdmissionRefusedException(
                        402,
                        "Insufficient credits: this organisation's balance is used up. Add credits (POST"
                                + " /api/v1/credits/checkout) or ask an operator for a grant, then try again.");
            case KEY_LIMIT_REACHED:
                return new AdmissionRefusedException(
                        403,
                        "Key limit exceeded (" + call.caller().limitName() + " limit). Manage it with PATCH"
                                + " /api/v1/keys/{hash} or on the portal's Keys page.");
            default:
                RoutableEndpoint dearest = dearest(plan, needs, promptTokens);
                TokenPrices prices = dearest.listPrice();
                BigDecimal promptCost = prices.charge(promptTokens, 0);
                BigDecimal left = shortfall.affordable().subtract(promptCost);
                if (prices.completion().signum() == 0 || left.signum() < 0) {
                    return new AdmissionRefusedException(
                            402,
                            "This request requires more credits: its prompt alone may cost up to "
                                    + promptCost.toPlainString() + " USD, and "
                                    + shortfall.affordable().toPlainString()
                                    + " USD can be spent. Add credits, or send a shorter prompt.");
                }
                long affordable = left.divide(prices.completion(), 0, RoundingMode.FLOOR)
                        .min(BigDecimal.valueOf(Long.MAX_VALUE))
                        .longValue();
                return new AdmissionRefusedException(
                        402,
                        "This request requires more credits, or fewer max_tokens. You requested up to "
                                + completionBound(dearest, needs) + " tokens, but can only afford " + affordable
                                + ". Add credits, or lower max_tokens.");
        }
    }
}
