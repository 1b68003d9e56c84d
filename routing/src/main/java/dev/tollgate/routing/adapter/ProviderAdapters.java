package dev.tollgate.routing.adapter;

import dev.tollgate.routing.adapter.anthropic.AnthropicProtocol;
import dev.tollgate.routing.adapter.gemini.GeminiProtocol;
import dev.tollgate.routing.adapter.openai.OpenAiProtocol;
import dev.tollgate.routing.adapter.simulator.SimulatorAdapter;
import dev.tollgate.routing.catalog.Protocol;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * One adapter per protocol, sharing one HTTP client (and so its connection pool: up to 512 connections a provider). Timeouts come from
 * {@code tollgate.upstream.connect-timeout} and {@code tollgate.upstream.response-timeout} (seconds).
 */
@ApplicationScoped
public class ProviderAdapters {

    private final Map<Protocol, ProviderAdapter> adapters = new EnumMap<>(Protocol.class);

    private CloseableHttpClient client;

    @PostConstruct
    void start() {
        Config config = ConfigProvider.getConfig();
        Timeout connect = Timeout.ofSeconds(config.getOptionalValue("tollgate.upstream.connect-timeout", Long.class)
                .orElse(10L));
        Timeout response = Timeout.ofSeconds(config.getOptionalValue("tollgate.upstream.response-timeout", Long.class)
                .orElse(120L));
        client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(1024)
                        .setMaxConnPerRoute(512)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(connect)
                                // Also the longest wait for any next byte of an answer.
                                .setSocketTimeout(response)
                                .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(response)
                        .setRedirectsEnabled(false)
                        .build())
                // The gateway decides about retries (the next endpoint), and streams must arrive uncompressed.
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .setUserAgent("Tollgate")
                .build();
        register(new HttpProviderAdapter(Protocol.OPENAI, new OpenAiProtocol(), client));
        register(new HttpProviderAdapter(Protocol.ANTHROPIC, new AnthropicProtocol(), client));
        register(new HttpProviderAdapter(Protocol.GEMINI, new GeminiProtocol(), client));
        register(new SimulatorAdapter());
    }

    @PreDestroy
    void stop() {
        client.close(CloseMode.IMMEDIATE);
    }

    private void register(ProviderAdapter adapter) {
        adapters.put(adapter.protocol(), adapter);
    }

    /** The adapter for a protocol. */
    public java.util.Optional<ProviderAdapter> forProtocol(Protocol protocol) {
        return java.util.Optional.ofNullable(adapters.get(protocol));
    }
}
