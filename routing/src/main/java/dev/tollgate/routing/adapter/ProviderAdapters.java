package dev.tollgate.routing.adapter;

import dev.tollgate.routing.adapter.anthropic.AnthropicProtocol;
import dev.tollgate.routing.adapter.gemini.GeminiProtocol;
import dev.tollgate.routing.adapter.openai.OpenAiProtocol;
import dev.tollgate.routing.adapter.simulator.SimulatorAdapter;
import dev.tollgate.routing.catalog.Protocol;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * One adapter per protocol, sharing one HTTP client (and so its connection pool). Timeouts come from
 * {@code tollgate.upstream.connect-timeout} and {@code tollgate.upstream.response-timeout} (seconds).
 */
@ApplicationScoped
public class ProviderAdapters {

    private final Map<Protocol, ProviderAdapter> adapters = new EnumMap<>(Protocol.class);

    @PostConstruct
    void start() {
        Config config = ConfigProvider.getConfig();
        Duration connect = Duration.ofSeconds(config.getOptionalValue("tollgate.upstream.connect-timeout", Long.class)
                .orElse(10L));
        Duration response = Duration.ofSeconds(config.getOptionalValue("tollgate.upstream.response-timeout", Long.class)
                .orElse(120L));
        HttpClient client = HttpClient.newBuilder()
                // Providers are reached over HTTP/1.1: an h2c upgrade attempt on plain http costs a round trip.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connect)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        register(new HttpProviderAdapter(Protocol.OPENAI, new OpenAiProtocol(), client, response));
        register(new HttpProviderAdapter(Protocol.ANTHROPIC, new AnthropicProtocol(), client, response));
        register(new HttpProviderAdapter(Protocol.GEMINI, new GeminiProtocol(), client, response));
        register(new SimulatorAdapter());
    }

    private void register(ProviderAdapter adapter) {
        adapters.put(adapter.protocol(), adapter);
    }

    /** The adapter for a protocol. */
    public java.util.Optional<ProviderAdapter> forProtocol(Protocol protocol) {
        return java.util.Optional.ofNullable(adapters.get(protocol));
    }
}
