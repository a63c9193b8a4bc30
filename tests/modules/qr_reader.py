"""Reads the QR code drawn on a certificate PDF back into its text, without the library that drew it.

The PDF is parsed with pypdf; the QR code is the square ReportLab draws with its quiet zone (four
modules) and, inside it, one filled rectangle per run of dark modules in a row. The decoder is the
ISO/IEC 18004 reading order for a clean code: format information (error correction level and mask),
unmasking, the zigzag codeword order, de-interleaving the blocks, then the byte-mode segment. It
reads error correction level M, versions 1 to 6 (what a certificate's verify URL needs); it does not
correct errors, so a drawing with a single wrong module fails the test instead of being repaired."""

import io

QUIET_ZONE = 4
# Level M: (blocks, data codewords per block) for versions 1-6 (ISO/IEC 18004 table 9).
LEVEL_M_BLOCKS = {1: (1, 16), 2: (1, 28), 3: (1, 44), 4: (2, 32), 5: (2, 43), 6: (4, 27)}
ALIGNMENT_CENTRES = {1: [], 2: [6, 18], 3: [6, 22], 4: [6, 26], 5: [6, 30], 6: [6, 34]}
FORMAT_MASK = 0b101010000010010
LEVEL_BITS = {0b01: "L", 0b00: "M", 0b11: "Q", 0b10: "H"}
MASKS = [
    lambda i, j: (i + j) % 2 == 0, lambda i, j: i % 2 == 0, lambda i, j: j % 3 == 0, lambda i, j: (i + j) % 3 == 0,
    lambda i, j: (i // 2 + j // 3) % 2 == 0, lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0, lambda i, j: ((i + j) % 2 + (i * j) % 3) % 2 == 0,
]


def qr_matrix_from_pdf(data):
    """The dark modules of the first QR code on the PDF's first page, as rows of booleans."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(io.BytesIO(data))
    operations = ContentStream(reader.pages[0].get_contents(), reader).operations
    rects = [[float(v) for v in args] for args, op in operations if op == b"re"]
    start = next(i for i, (_x, _y, w, h) in enumerate(rects) if abs(w - h) < 1e-6 and i + 1 < len(rects))
    side = rects[start][2]
    box = rects[start + 1][3]  # every module row is one box high
    modules = round(side / box) - 2 * QUIET_ZONE
    matrix = [[False] * modules for _ in range(modules)]
    for x, y, w, h in rects[start + 1:]:
        if abs(h - box) > 1e-3 or not (0 <= x < side and 0 <= y < side):
            break  # past the QR code's group
        row = round((side - y) / box) - 1 - QUIET_ZONE
        first = round(x / box) - QUIET_ZONE
        for column in range(first, first + round(w / box)):
            matrix[row][column] = True
    return matrix


def _is_function(version, size, r, c):
    if (r < 9 and c < 9) or (r < 9 and c >= size - 8) or (r >= size - 8 and c < 9) or r == 6 or c == 6:
        return True
    centres = ALIGNMENT_CENTRES[version]
    for cr in centres:
        for cc in centres:
            if (cr, cc) in ((6, 6), (6, centres[-1]), (centres[-1], 6)):
                continue
            if abs(r - cr) <= 2 and abs(c - cc) <= 2:
                return True
    return False


def decode_qr(matrix):
    """The text of a clean QR code (byte mode, level M, versions 1-6)."""
    size = len(matrix)
    version = (size - 17) // 4
    if version not in LEVEL_M_BLOCKS or size != 17 + 4 * version:
        raise ValueError(f"unsupported QR size {size}")
    bits = 0
    for r, c in [(8, 0), (8, 1), (8, 2), (8, 3), (8, 4), (8, 5), (8, 7), (8, 8), (7, 8), (5, 8), (4, 8), (3, 8), (2, 8), (1, 8), (0, 8)]:
        bits = bits << 1 | matrix[r][c]
    format_data = (bits ^ FORMAT_MASK) >> 10
    level, mask = LEVEL_BITS[format_data >> 3], MASKS[format_data & 0b111]
    if level != "M":
        raise ValueError(f"error correction level {level}, expected M")

    stream = []
    upward = True
    column = size - 1
    while column > 0:
        if column == 6:
            column -= 1
        for row in (range(size - 1, -1, -1) if upward else range(size)):
            for c in (column, column - 1):
                if not _is_function(version, size, row, c):
                    stream.append(matrix[row][c] ^ mask(row, c))
        upward = not upward
        column -= 2
    codewords = [int("".join("1" if b else "0" for b in stream[i:i + 8]), 2) for i in range(0, len(stream) - 7, 8)]
    blocks, per_block = LEVEL_M_BLOCKS[version]
    data = [codewords[k * blocks + b] for b in range(blocks) for k in range(per_block)]

    bitstring = "".join(f"{byte:08b}" for byte in data)
    if bitstring[:4] != "0100":
        raise ValueError(f"mode {bitstring[:4]}, expected byte mode")
    length = int(bitstring[4:12], 2)
    return bytes(int(bitstring[12 + 8 * i:20 + 8 * i], 2) for i in range(length)).decode("utf-8")


def qr_text_in_pdf(data):
    return decode_qr(qr_matrix_from_pdf(data))
