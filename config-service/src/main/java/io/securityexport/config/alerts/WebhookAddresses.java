package io.securityexport.config.alerts;

import io.securityexport.config.i18n.Sentence;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The SSRF guard: a customer's webhook must not make the platform call its own network. Refused are addresses that
 * are loopback, private (RFC 1918, fc00::/7), link-local (169.254/16 with the cloud metadata endpoint
 * 169.254.169.254, fe80::/10), unspecified, multicast, and IPv4-mapped IPv6 forms of those. A host is refused if any
 * of its addresses is (the connection may use any of them).
 */
final class WebhookAddresses {

    private WebhookAddresses() {}

    /**
     * Resolves the URL's host (DNS: blocking, call it off the event loop) and says why it is refused, if it is.
     * Checked when a channel is created and again before every delivery, because DNS answers change.
     */
    static Optional<Refusal> refusal(URI url) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(hostOf(url));
        } catch (UnknownHostException e) {
            return Optional.of(Refusal.UNRESOLVED);
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                return Optional.of(Refusal.NOT_PUBLIC);
            }
        }
        return Optional.empty();
    }

    /** Why a URL is refused: said in English in the delivery log, in the admin's language in a 400. */
    enum Refusal {
        UNRESOLVED("host does not resolve"),
        NOT_PUBLIC("must not point to a loopback, private, link-local or unspecified address");

        private final String english;

        Refusal(String english) {
            this.english = english;
        }

        String english() {
            return english;
        }

        Sentence sentence() {
            return Sentence.of("field.url." + name());
        }
    }

    static boolean isPublic(InetAddress address) {
        InetAddress plain = unmapped(address);
        if (plain.isLoopbackAddress()
                || plain.isAnyLocalAddress()
                || plain.isLinkLocalAddress()
                || plain.isSiteLocalAddress()
                || plain.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = plain.getAddress();
        if (bytes.length == 4) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            // 0/8 "this network", 100.64/10 carrier-grade NAT (cloud VPC internals), 169.254/16 in case the JDK
            // does not call it link-local
            return first != 0 && !(first == 100 && second >= 64 && second < 128) && !(first == 169 && second == 254);
        }
        // fc00::/7 unique local (the JDK's isSiteLocal only knows the deprecated fec0::/10), fe80::/10 link-local
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        return (first & 0xfe) != 0xfc && !(first == 0xfe && (second & 0xc0) == 0x80);
    }

    /** ::ffff:10.0.0.1 reaches 10.0.0.1: judge the IPv4 address inside. */
    private static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= bytes[i] == 0;
            }
            mapped &= (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
            if (mapped) {
                try {
                    return InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16));
                } catch (UnknownHostException e) {
                    return address;
                }
            }
        }
        return address;
    }

    private static String hostOf(URI url) {
        String host = url.getHost();
        // an IPv6 literal comes with its brackets
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
