package dev.cdyn.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class RegistryEndpointsTest {

    private static RegistryEndpoints endpoints(String urls, String... extra) {
        Map<String, String> config = new HashMap<>(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, urls));
        for (int i = 0; i < extra.length; i += 2) {
            config.put(extra[i], extra[i + 1]);
        }
        return RegistryEndpoints.from(new SerdeConfig(config));
    }

    private static Optional<String> basic(String userInfo) {
        return Optional.of("Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void urlsKeepTheirOrderWithoutATrailingSlash() {
        RegistryEndpoints endpoints = endpoints("http://registry-a:8081/, https://registry-b/apis/ccompat/v7");
        assertEquals(List.of(URI.create("http://registry-a:8081"), URI.create("https://registry-b/apis/ccompat/v7")),
                endpoints.baseUris());
        assertEquals(Optional.empty(), endpoints.authorization());
    }

    @Test
    void credentialsInTheUrlArePercentDecodedAndTakenOutOfIt() {
        RegistryEndpoints endpoints = endpoints("http://ops:s%40id+%C3%A9@registry:8081/apis/ccompat/v7/");
        assertEquals(List.of(URI.create("http://registry:8081/apis/ccompat/v7")), endpoints.baseUris());
        assertEquals(basic("ops:s@id+é"), endpoints.authorization(), "a '+' in user info is a plus");
    }

    @Test
    void userInfoSettingWinsOverCredentialsInTheUrl() {
        RegistryEndpoints endpoints = endpoints("http://ops:old@registry:8081",
                SerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "user_info",
                SerdeConfig.BASIC_AUTH_USER_INFO, "app:secret");
        assertEquals(List.of(URI.create("http://registry:8081")), endpoints.baseUris());
        assertEquals(basic("app:secret"), endpoints.authorization());
    }

    @Test
    void theDescriptionLeavesTheCredentialsOut() {
        String description = endpoints("http://ops:s3cret@registry:8081").toString();
        assertFalse(description.contains("s3cret"), description);
        assertFalse(description.contains(basic("ops:s3cret").orElseThrow()), description);
        assertTrue(description.contains("http://registry:8081"), description);
    }

    private static String refusal(String urls) {
        ConfigException e = assertThrows(ConfigException.class, () -> endpoints(urls));
        assertTrue(e.getMessage().contains(SerdeConfig.SCHEMA_REGISTRY_URL), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aUrlThatIsNotHttpNamesTheSetting() {
        assertTrue(refusal("http://registry:8081,ftp://files:21").contains("ftp://files:21"));
        assertTrue(refusal("httpx://registry:8081").contains("httpx://registry:8081"));
    }

    @Test
    void aUrlWithoutAHostNamesTheSetting() {
        String message = refusal("http://schema_registry:8081");
        assertTrue(message.contains("http://schema_registry:8081") && message.contains("host"), message);
        refusal("http:registry:8081");
    }

    @Test
    void anUnparseableUrlNamesTheSettingButNotTheCredentials() {
        String message = refusal("http://ops:s3cret@registry:8081/api docs");
        assertTrue(message.contains("http://***@registry:8081/api docs"), message);
        assertFalse(message.contains("s3cret"), message);
    }

    @Test
    void aRefusedUrlIsNamedWithoutItsCredentials() {
        String message = refusal("http://ops:s3cret@schema_registry:8081");
        assertFalse(message.contains("s3cret"), message);
    }
}
