package dev.kart.lock.redis.internal;

import dev.kart.config.KartConfigException;
import dev.kart.internal.service.ServiceRegistrations;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.RedisLockSettings.Client;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Finds the client bindings on the class path and picks the one {@code kart.lock.redis.client} asks for. */
public final class ClientBindings {
    private ClientBindings() {
    }

    /**
     * @param classLoader where bindings are looked up
     * @return every binding found, in the order of {@link Client}
     * @throws KartConfigException when a registration of a binding cannot be used, naming its services file
     */
    public static List<RedisClientBinding> found(ClassLoader classLoader) {
        return ServiceRegistrations.load(RedisClientBinding.class, classLoader).stream()
                .sorted(Comparator.comparing(RedisClientBinding::client)).toList();
    }

    /**
     * @param settings the backend's settings: {@code client} and {@code redisson-config}
     * @param found the bindings on the class path
     * @return the binding named by {@code client}; for {@code auto}, Redisson when a Redisson YAML
     *     file is given, else the first found: Jedis when both are
     * @throws KartConfigException in one line naming {@code kart.lock.redis.client} and the artifact
     *     to add, when that binding is not on the class path
     */
    public static RedisClientBinding choose(RedisLockSettings settings, List<RedisClientBinding> found) {
        Client wanted = settings.client();
        if (wanted == Client.AUTO && settings.redissonConfig().isPresent()) {
            wanted = Client.REDISSON;
        }
        Client named = wanted;
        Optional<RedisClientBinding> binding = named == Client.AUTO ? found.stream().findFirst()
                : found.stream().filter(candidate -> candidate.client() == named).findFirst();
        return binding.orElseThrow(() -> missing(settings.client(), named, found));
    }

    private static KartConfigException missing(Client asked, Client wanted, List<RedisClientBinding> found) {
        if (wanted == Client.AUTO) {
            return new KartConfigException("config key 'kart.lock.redis.client' is 'auto', but no Redis client binding is on"
                    + " the class path: add " + Client.JEDIS.artifact().orElseThrow() + " (or "
                    + Client.REDISSON.artifact().orElseThrow() + ") to your dependencies");
        }
        String present = found.isEmpty() ? "none" : found.stream().map(binding -> binding.client().configName())
                .collect(Collectors.joining(", "));
        String asking = asked == wanted ? "'" + asked.configName() + "'"
                : "'" + asked.configName() + "' and kart.lock.redis.redisson-config is set, so it needs " + wanted.configName();
        return new KartConfigException("config key 'kart.lock.redis.client' is " + asking + ", but the " + wanted.configName()
                + " binding is not on the class path (found: " + present + "): add " + wanted.artifact().orElseThrow()
                + " to your dependencies");
    }
}
