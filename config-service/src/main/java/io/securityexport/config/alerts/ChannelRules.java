package io.securityexport.config.alerts;

import io.securityexport.config.web.FieldProblem;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** What a channel must look like before it is stored; every problem named by its field, no value echoed. */
final class ChannelRules {

    static final int MAX_URL_LENGTH = 2048;
    static final int MAX_ADDRESSES = 20;
    /** RFC 5321's limit on a forward path. */
    static final int MAX_ADDRESS_LENGTH = 254;

    private ChannelRules() {}

    /** A webhook channel's URL, parsed; the address check (DNS) is separate because it blocks. */
    record Checked(String kind, URI url, List<String> addresses) {}

    static Checked check(NewChannel channel, boolean allowPrivate) {
        List<FieldProblem> problems = new ArrayList<>();
        Checked checked = null;
        if (channel.kind() == null) {
            problems.add(FieldProblem.of("kind", "field.kind.required"));
        } else if (Channel.WEBHOOK.equals(channel.kind())) {
            if (channel.addresses() != null) {
                problems.add(FieldProblem.of("addresses", "field.addresses.email-only"));
            }
            URI url = url(channel.url(), allowPrivate, problems);
            checked = new Checked(Channel.WEBHOOK, url, List.of());
        } else if (Channel.EMAIL.equals(channel.kind())) {
            if (channel.url() != null) {
                problems.add(FieldProblem.of("url", "field.url.webhook-only"));
            }
            checked = new Checked(Channel.EMAIL, null, addresses(channel.addresses(), problems));
        } else {
            problems.add(FieldProblem.of("kind", "field.kind.format"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidChannel(problems);
        }
        return checked;
    }

    private static URI url(String text, boolean allowPrivate, List<FieldProblem> problems) {
        if (text == null || text.isBlank()) {
            problems.add(FieldProblem.of("url", "field.url.required"));
            return null;
        }
        if (text.length() > MAX_URL_LENGTH) {
            problems.add(FieldProblem.of("url", "field.url.too-long", String.valueOf(MAX_URL_LENGTH)));
            return null;
        }
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            problems.add(FieldProblem.of("url", "field.url.https"));
            return null;
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !(allowPrivate && scheme.equals("http"))) {
            problems.add(FieldProblem.of("url", "field.url.https"));
        } else if (url.getHost() == null || url.getHost().isEmpty()) {
            problems.add(FieldProblem.of("url", "field.url.host"));
        } else if (url.getRawUserInfo() != null) {
            // credentials in a URL end up in logs and proxies; the signature is the receiver's proof
            problems.add(FieldProblem.of("url", "field.url.user-info"));
        } else {
            return url;
        }
        return null;
    }

    private static List<String> addresses(List<String> addresses, List<FieldProblem> problems) {
        if (addresses == null || addresses.isEmpty()) {
            problems.add(FieldProblem.of("addresses", "field.addresses.empty"));
            return List.of();
        }
        if (addresses.size() > MAX_ADDRESSES) {
            problems.add(FieldProblem.of("addresses", "field.addresses.too-many", String.valueOf(MAX_ADDRESSES)));
            return List.of();
        }
        LinkedHashSet<String> valid = new LinkedHashSet<>();
        for (int i = 0; i < addresses.size(); i++) {
            Optional<String> address = address(addresses.get(i));
            if (address.isEmpty()) {
                problems.add(FieldProblem.of("addresses[" + i + "]", "field.addresses.format"));
            } else {
                valid.add(address.get());
            }
        }
        return List.copyOf(valid);
    }

    /** A bare address only: no display name, no group, no comments, nothing a header could be smuggled in with. */
    private static Optional<String> address(String text) {
        if (text == null || text.isBlank() || text.length() > MAX_ADDRESS_LENGTH) {
            return Optional.empty();
        }
        try {
            InternetAddress parsed = new InternetAddress(text, true);
            parsed.validate();
            boolean bare = parsed.getAddress().equals(text) && parsed.getPersonal() == null;
            int at = text.lastIndexOf('@');
            return bare && at > 0 && at < text.length() - 1 ? Optional.of(text) : Optional.empty();
        } catch (AddressException e) {
            return Optional.empty();
        }
    }
}
