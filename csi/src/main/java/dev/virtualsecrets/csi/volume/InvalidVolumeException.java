package dev.virtualsecrets.csi.volume;

/** A publish request the driver cannot serve as asked: the pod's spec or the CSIDriver object is wrong. */
public final class InvalidVolumeException extends RuntimeException {

    public InvalidVolumeException(String message) {
        super(message);
    }
}
