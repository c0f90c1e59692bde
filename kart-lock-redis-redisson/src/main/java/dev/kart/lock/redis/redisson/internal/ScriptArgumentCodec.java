package dev.kart.lock.redis.redisson.internal;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.Encoder;

/**
 * Redisson's {@link StringCodec} for the lock scripts' calls, whose arguments are short strings (a mode,
 * a TTL, a holder id): each is encoded into a heap buffer of its exact size instead of a 256-byte buffer of
 * Netty's pooled allocator. The calling threads are not Netty's, so every pooled buffer was taken through
 * the allocator's thread cache lookup and freed by the event loop, and one in 128 was also tracked by
 * Netty's leak detector, which records a stack trace: together about a tenth of a calling thread's Java
 * time per lock call. Replies are read as {@link StringCodec} reads them. Immutable.
 */
final class ScriptArgumentCodec extends StringCodec {
    /** The codec; it keeps no state. */
    static final ScriptArgumentCodec INSTANCE = new ScriptArgumentCodec();

    private static final Encoder EXACT_HEAP = argument -> Unpooled.wrappedBuffer(argument.toString().getBytes(StandardCharsets.UTF_8));

    private ScriptArgumentCodec() {
        super(StandardCharsets.UTF_8);
    }

    @Override
    public Encoder getValueEncoder() {
        return EXACT_HEAP;
    }
}
