"""Cơ cấu tổ chức: the agency, its divisions and attached units, positions and officials, as
data (NĐ 42/2022/NĐ-CP Điều 4 and, in English, Điều 7 khoản 2)."""
