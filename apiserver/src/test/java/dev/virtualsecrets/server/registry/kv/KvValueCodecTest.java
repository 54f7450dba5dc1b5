package dev.virtualsecrets.server.registry.kv;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KvValueCodecTest {

    @Test
    void utf8DataIsStoredAsText() {
        assertEquals("s3cr3t\nüñí", KvValueCodec.encodeData("s3cr3t\nüñí".getBytes(StandardCharsets.UTF_8)));
        assertEquals("", KvValueCodec.encodeData(new byte[0]));
    }

    @Test
    void binaryDataIsStoredAsBase64AndRoundTrips() {
        byte[] binary = {(byte) 0xff, 0x00, (byte) 0xc3, 0x28};
        String stored = KvValueCodec.encodeData(binary);
        assertEquals("base64:/wDDKA==", stored);
        assertArrayEquals(binary, KvValueCodec.decodeData(stored));
    }

    @Test
    void textThatLooksEncodedIsEncodedToo() {
        byte[] tricky = "base64:AAAA".getBytes(StandardCharsets.UTF_8);
        String stored = KvValueCodec.encodeData(tricky);
        assertTrue(stored.startsWith("base64:") && !stored.equals("base64:AAAA"));
        assertArrayEquals(tricky, KvValueCodec.decodeData(stored));
    }

    @Test
    void valuesWrittenOutsideTheApiDecodeAsText() {
        assertArrayEquals("base64:not base64!".getBytes(StandardCharsets.UTF_8), KvValueCodec.decodeData("base64:not base64!"));
        assertArrayEquals("plain".getBytes(StandardCharsets.UTF_8), KvValueCodec.decodeData("plain"));
    }

    @Test
    void metadataValuesAvoidUnprintableCharacters() {
        assertEquals("plain value: ü €", KvValueCodec.encodeMetadata("plain value: ü €"));
        for (String value : new String[] {"line\nnext", "tab\there", "bell\u0007", "base64:x", "nbsp\u00a0"}) {
            String stored = KvValueCodec.encodeMetadata(value);
            assertTrue(KvValueCodec.isPrintable(stored), value);
            assertEquals(value, KvValueCodec.decodeMetadata(stored));
        }
        assertFalse(KvValueCodec.isPrintable("a\nb"));
    }
}
