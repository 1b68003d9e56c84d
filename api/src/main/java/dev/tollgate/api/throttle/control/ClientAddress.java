package dev.tollgate.api.throttle.control;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * Who a request comes from, for throttling: the connection's peer, unless that peer is one of the
 * {@code tollgate.trusted-proxies} (addresses or CIDR ranges such as {@code 10.0.0.0/8}): then the rightmost address
 * of {@code X-Forwarded-For} that is not itself a trusted proxy. A header from anyone else is ignored, so a caller
 * cannot pick its own address. Without the setting (the default) every proxy's callers share the proxy's address.
 */
public final class ClientAddress {

    /** IPv4 and IPv6 literals: never a name, so that parsing one never asks DNS. */
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private final List<Range> trusted;

    private record Range(byte[] network, int prefix) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }

    public ClientAddress(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream()
                .map(String::strip)
                .filter(value -> !value.isEmpty())
                .map(ClientAddress::range)
                .toList();
    }

    public static ClientAddress from(Config config) {
        return new ClientAddress(config.getOptionalValue("tollgate.trusted-proxies", String.class)
                .map(value -> Arrays.asList(value.split(",")))
                .orElse(List.of()));
    }

    /**
     * @param peer the connection's remote address
     * @param forwardedFor every {@code X-Forwarded-For} header of the request, in order
     */
    public String of(String peer, List<String> forwardedFor) {
        if (peer == null || !isTrusted(peer)) {
            return peer == null ? "unknown" : peer;
        }
        List<String> hops = forwardedFor.stream()
                .flatMap(header -> Arrays.stream(header.split(",")))
                .map(String::strip)
                .toList();
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (parse(hop).isEmpty()) {
                // Not an address: whatever is left of it was written by someone we do not trust.
                return hop.isEmpty() ? peer : "invalid:" + hop.substring(0, Math.min(hop.length(), 45));
            }
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return peer;
    }

    private boolean isTrusted(String address) {
        Optional<byte[]> bytes = parse(address);
        return bytes.isPresent() && trusted.stream().anyMatch(range -> range.contains(bytes.get()));
    }

    private static Range range(String value) {
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        byte[] network = parse(address)
                .orElseThrow(() -> new IllegalArgumentException(
                        "TOLLGATE_TRUSTED_PROXIES: '" + value + "' is not an address or a CIDR range"));
        int prefix;
        try {
            prefix = slash < 0 ? network.length * 8 : Integer.parseInt(value.substring(slash + 1));
        } catch (NumberFormatException e) {
            prefix = -1;
        }
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("TOLLGATE_TRUSTED_PROXIES: '" + value + "' has no valid prefix length");
        }
        return new Range(network, prefix);
    }

    private static Optional<byte[]> parse(String address) {
        String bare =
                address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        boolean v4 = IPV4.matcher(bare).matches()
                && Arrays.stream(bare.split("\\.")).allMatch(octet -> Integer.parseInt(octet) <= 255);
        if (bare.length() > 45 || !(v4 || IPV6.matcher(bare).matches())) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(bare).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
