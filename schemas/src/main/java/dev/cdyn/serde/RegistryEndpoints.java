package dev.cdyn.serde;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/**
 * Where the registry is and who we are to it: the configured URLs without their user info, and
 * the {@code Authorization} header value. Credentials come from {@code basic.auth.user.info} when
 * {@code basic.auth.credentials.source=USER_INFO}, otherwise from {@code user:password@} in a URL;
 * either way they are taken out of the URLs, so that no request target carries them.
 */
record RegistryEndpoints(List<URI> baseUris, Optional<String> authorization) {

    RegistryEndpoints {
        baseUris = List.copyOf(baseUris);
    }

    static RegistryEndpoints from(SerdeConfig config) {
        List<URI> uris = new ArrayList<>();
        String urlUserInfo = null;
        for (String url : config.registryUrls()) {
            URI uri = parse(url);
            if (uri.getRawUserInfo() != null) {
                urlUserInfo = decodeUserInfo(uri.getRawUserInfo());
                uri = withoutUserInfo(uri);
            }
            uris.add(uri);
        }
        String userInfo = "USER_INFO".equals(config.credentialsSource()) ? config.userInfo() : urlUserInfo;
        return new RegistryEndpoints(uris, Optional.ofNullable(userInfo).map(RegistryEndpoints::basic));
    }

    /** Names the URLs only: the header is a credential. */
    @Override
    public String toString() {
        return "RegistryEndpoints" + baseUris + (authorization.isPresent() ? " with basic authentication" : "");
    }

    /** The URL without a trailing slash; one the client could not send a request to is refused now, not later. */
    private static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (URISyntaxException e) {
            throw invalid(url, "not a URL (" + e.getReason() + ")");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw invalid(url, "expected an http:// or https:// URL, or mock://scope");
        }
        if (uri.getHost() == null) {
            throw invalid(url, "no host name in it (a host name has letters, digits, '-' and '.', no '_')");
        }
        return uri;
    }

    /** The error names the setting and the URL, but not the credentials in it. */
    private static ConfigException invalid(String url, String why) {
        return new ConfigException(SerdeConfig.SCHEMA_REGISTRY_URL, SerdeConfig.withoutCredentials(url), why);
    }

    private static URI withoutUserInfo(URI uri) {
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority().substring(uri.getRawUserInfo().length() + 1)
                + (uri.getRawPath() == null ? "" : uri.getRawPath()));
    }

    /** Percent-decodes user:password from a URL; a '+' there is a plus, not a space. */
    private static String decodeUserInfo(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String basic(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }
}
