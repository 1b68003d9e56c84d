package dev.tollgate.routing.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.tollgate.routing.adapter.ChatCall;
import dev.tollgate.routing.adapter.WireJson;
import dev.tollgate.routing.catalog.CatalogProvider;
import dev.tollgate.routing.catalog.Protocol;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import dev.tollgate.routing.catalog.TokenPrices;
import java.math.BigDecimal;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UnsupportedParametersTest {

    private static final ChatCall CALL = new ChatCall(
            WireJson.parseObject("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"temperature\":0.2,"
                    + "\"top_k\":40,\"max_completion_tokens\":100,\"stream_options\":{\"include_usage\":true}}"),
            true);

    private static RoutableEndpoint supporting(Set<String> parameters) {
        TokenPrices price = new TokenPrices(BigDecimal.ONE, BigDecimal.ONE, null, null);
        return new RoutableEndpoint(
                UUID.randomUUID(),
                "a/model",
                new CatalogProvider(
                        "p", "P", Protocol.OPENAI, URI.create("http://127.0.0.1"), Optional.empty(), false, false),
                "up",
                price,
                BigDecimal.ZERO,
                price,
                8000,
                Optional.empty(),
                parameters,
                Optional.empty(),
                Optional.empty());
    }

    @Test
    void parametersTheEndpointDoesNotListAreDropped() {
        ChatCall sent = UnsupportedParameters.drop(CALL, supporting(Set.of("temperature", "max_tokens")));
        assertEquals(
                Set.of("messages", "temperature", "max_completion_tokens", "stream_options"),
                sent.body().keySet(),
                "top_k goes; max_completion_tokens stays for an endpoint that takes max_tokens");
        assertEquals(CALL.stream(), sent.stream());
    }

    @Test
    void anEndpointThatListsNothingOrEverythingGetsTheCallAsItIs() {
        assertSame(CALL, UnsupportedParameters.drop(CALL, supporting(Set.of())));
        assertSame(
                CALL,
                UnsupportedParameters.drop(CALL, supporting(Set.of("temperature", "top_k", "max_completion_tokens"))));
    }
}
