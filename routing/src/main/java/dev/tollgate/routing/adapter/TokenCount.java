package dev.tollgate.routing.adapter;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Tokens in a text, counted with a real BPE tokenizer: OpenAI's {@code o200k_base}. Other models' tokenizers differ
 * by some percent, so this is what the gateway knows before a provider reports its own count, not a bill. Special
 * token strings in the text count as ordinary text.
 */
public final class TokenCount {

    private static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

    private TokenCount() {}

    public static long of(String text) {
        return text.isEmpty() ? 0 : O200K.countTokensOrdinary(text);
    }
}
