package dev.virtualsecrets.server.registry.kv;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How bytes and strings are kept in Vault, where KV values and custom metadata are strings.
 *
 * <p>Secret data: bytes that are valid UTF-8 are stored as that string, so that secrets stay
 * readable with {@code bao kv get}; anything else is stored as {@code base64:<standard base64>}.
 * A UTF-8 value that itself starts with {@code base64:} is stored base64-encoded too, so that
 * decoding is never ambiguous.
 *
 * <p>Custom metadata values: Vault rejects unprintable characters (newlines, tabs, control
 * characters) there, so such strings, and strings starting with {@code base64:}, are stored as
 * {@code base64:<UTF-8 bytes in base64>}.
 */
public final class KvValueCodec {

    static final String BASE64_PREFIX = "base64:";

    private KvValueCodec() {
    }

    public static String encodeData(byte[] value) {
        String text = utf8(value);
        if (text == null || text.startsWith(BASE64_PREFIX)) {
            return BASE64_PREFIX + Base64.getEncoder().encodeToString(value);
        }
        return text;
    }

    /** Reverses {@link #encodeData}; a malformed {@code base64:} value is returned as its UTF-8 bytes. */
    public static byte[] decodeData(String stored) {
        byte[] decoded = decodeBase64(stored);
        return decoded != null ? decoded : stored.getBytes(StandardCharsets.UTF_8);
    }

    public static String encodeMetadata(String value) {
        if (value.startsWith(BASE64_PREFIX) || !isPrintable(value)) {
            return BASE64_PREFIX + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        }
        return value;
    }

    public static String decodeMetadata(String stored) {
        byte[] decoded = decodeBase64(stored);
        return decoded != null ? new String(decoded, StandardCharsets.UTF_8) : stored;
    }

    /** Go's {@code unicode.IsPrint}, which Vault applies to custom metadata: graphic or ASCII space. */
    static boolean isPrintable(String value) {
        return value.codePoints().allMatch(KvValueCodec::isPrintable);
    }

    private static boolean isPrintable(int codePoint) {
        if (codePoint == ' ') {
            return true;
        }
        return switch (Character.getType(codePoint)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                 Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                 Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                 Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION,
                 Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL ->
                    true;
            default -> false;
        };
    }

    private static byte[] decodeBase64(String stored) {
        if (!stored.startsWith(BASE64_PREFIX)) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(stored.substring(BASE64_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String utf8(byte[] value) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
