package dev.tollgate.web.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.api.generation.control.ActivityFilter;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ExportLinkTest {

    @Test
    void theAddressCarriesTheWholeFilterAndReadsBackTheSame() {
        ActivityFilter filter = ActivityFilter.ALL
                .withModel("openai/gpt-4o")
                .withProvider("azure")
                .withKey(UUID.fromString("6a1f2c3e-0000-4000-8000-000000000001"))
                .withApp("Tom & Jerry's \"app\"?=1")
                .between(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-23T00:00:00Z"));

        String link = ExportLink.of(filter);

        assertTrue(link.startsWith("/activity/export.csv?model=openai%2Fgpt-4o&"), link);
        assertEquals(filter, ExportLink.parse(parameters(link)::get));
        assertEquals("/activity/export.csv", ExportLink.of(ActivityFilter.ALL));
        assertEquals(ActivityFilter.ALL, ExportLink.parse(name -> null));
    }

    @Test
    void aMalformedParameterIsNamed() {
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> ExportLink.parse(Map.of("from", "yesterday")::get));
        assertEquals("The parameter from is not valid: yesterday", refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExportLink.parse(Map.of("key", "nope")::get));
    }

    private static Map<String, String> parameters(String link) {
        Map<String, String> parameters = new HashMap<>();
        for (String pair : URI.create(link).getRawQuery().split("&")) {
            String[] nameAndValue = pair.split("=", 2);
            parameters.put(nameAndValue[0], URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8));
        }
        return parameters;
    }
}
