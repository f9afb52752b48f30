"""The rules of Decree 30/2020/NĐ-CP, one home each, as small doctested functions and tables.

    numbers      Số, ký hiệu, zero padding (Art. 15; Phụ lục I, II.3)
    doctypes     document types, their names and abbreviations (Art. 7; Phụ lục III)
    dates        the date line and dates in figures, Vietnam time (Phụ lục I, II.4; Art. 15)
    labels       numbering of parts: I., 1., a), Điều (Phụ lục I, II.6.đ)
    punctuation  ";" / "." endings of lists, the "/." end of content (II.6.a, II.9)
    signature    TM./KT./Q./TL./TUQ. and the signer's title (Art. 13; II.7)
    page         paper, margins, font (Phụ lục I, I)
    numerals     numbers and money written the Vietnamese way

Generation, the workflow, the register and `vanban check` all use these; none re-implements
them. May import: errors, base.
"""
