package dev.tollgate.api.throttle.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    private final ClientAddress behindProxies = new ClientAddress(List.of("127.0.0.1", " 10.0.0.0/8", "fd00::/8"));

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        ClientAddress direct = new ClientAddress(List.of());
        assertEquals("203.0.113.9", direct.of("203.0.113.9", List.of("198.51.100.1")));
    }

    @Test
    void aTrustedProxyNamesTheClientAndAnUntrustedPeerCannot() {
        assertEquals("198.51.100.1", behindProxies.of("127.0.0.1", List.of("198.51.100.1")));
        assertEquals("198.51.100.1", behindProxies.of("10.1.2.3", List.of("198.51.100.1, 10.9.9.9")));
        // The caller wrote the leftmost entries itself: only the rightmost untrusted one is what a proxy saw.
        assertEquals("198.51.100.1", behindProxies.of("127.0.0.1", List.of("1.2.3.4", "198.51.100.1")));
        assertEquals("203.0.113.9", behindProxies.of("203.0.113.9", List.of("198.51.100.1")));
        assertEquals("2001:db8::1", behindProxies.of("fd00::5", List.of("2001:db8::1, fd12::1")));
    }

    @Test
    void aTrustedProxyWithoutTheHeaderIsTheClient() {
        assertEquals("127.0.0.1", behindProxies.of("127.0.0.1", List.of()));
        assertEquals("127.0.0.1", behindProxies.of("127.0.0.1", List.of("10.0.0.1")));
    }

    @Test
    void somethingThatIsNotAnAddressIsCountedAsItselfAndNeverLookedUp() {
        assertEquals("invalid:dead.beef", behindProxies.of("127.0.0.1", List.of("dead.beef")));
        assertEquals("invalid:999.1.1.1", behindProxies.of("127.0.0.1", List.of("999.1.1.1")));
    }

    @Test
    void aBadSettingSaysWhich() {
        IllegalArgumentException bad =
                assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("10.0.0.0/33")));
        assertEquals("TOLLGATE_TRUSTED_PROXIES: '10.0.0.0/33' has no valid prefix length", bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("proxy.example.com")));
    }
}
