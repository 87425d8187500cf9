"""Common Colombian given names and surnames, places and company names, for the synthetic
population. Every company built from these parts is fictitious."""

NOMBRES_MUJER: tuple[str, ...] = (
    "María",
    "Luz",
    "Ana",
    "Sandra",
    "Claudia",
    "Diana",
    "Paola",
    "Carolina",
    "Andrea",
    "Natalia",
    "Daniela",
    "Valentina",
    "Laura",
    "Camila",
    "Juliana",
    "Marcela",
    "Adriana",
    "Gloria",
    "Martha",
    "Patricia",
    "Liliana",
    "Ángela",
    "Mónica",
    "Isabella",
    "Sofía",
    "Mariana",
    "Gabriela",
    "Alejandra",
    "Catalina",
    "Lina",
    "Yolanda",
    "Beatriz",
    "Esperanza",
    "Rosa",
    "Carmen",
    "Sara",
    "Salomé",
    "Manuela",
    "Luciana",
    "Paula",
    "Viviana",
    "Johana",
    "Yesenia",
    "Leidy",
    "Tatiana",
    "Fernanda",
    "Lucía",
    "Antonella",
)

NOMBRES_HOMBRE: tuple[str, ...] = (
    "José",
    "Juan",
    "Carlos",
    "Luis",
    "Jorge",
    "Andrés",
    "Diego",
    "Alejandro",
    "Jhon",
    "Fernando",
    "Javier",
    "Óscar",
    "Édgar",
    "Jaime",
    "Mauricio",
    "Julián",
    "Sebastián",
    "Santiago",
    "Samuel",
    "Mateo",
    "Nicolás",
    "Daniel",
    "David",
    "Felipe",
    "Miguel",
    "Ángel",
    "Camilo",
    "Esteban",
    "Cristian",
    "Héctor",
    "Hernán",
    "Álvaro",
    "Gustavo",
    "Ricardo",
    "Germán",
    "Emiliano",
    "Jerónimo",
    "Tomás",
    "Martín",
    "Simón",
    "Wilson",
    "Fabio",
    "Orlando",
    "Harold",
    "Brayan",
    "Kevin",
    "Alexander",
    "Iván",
)

APELLIDOS: tuple[str, ...] = (
    "Rodríguez",
    "Gómez",
    "González",
    "Martínez",
    "García",
    "López",
    "Hernández",
    "Sánchez",
    "Ramírez",
    "Pérez",
    "Díaz",
    "Muñoz",
    "Rojas",
    "Moreno",
    "Jiménez",
    "Vargas",
    "Castro",
    "Gutiérrez",
    "Álvarez",
    "Romero",
    "Ortiz",
    "Torres",
    "Suárez",
    "Ramos",
    "Valencia",
    "Quintero",
    "Cárdenas",
    "Restrepo",
    "Ospina",
    "Castaño",
    "Londoño",
    "Agudelo",
    "Giraldo",
    "Zapata",
    "Mejía",
    "Osorio",
    "Cardona",
    "Arango",
    "Salazar",
    "Mosquera",
    "Caicedo",
    "Rentería",
    "Bolaños",
    "Benavides",
    "Córdoba",
    "Palacios",
    "Hurtado",
    "Escobar",
    "Cifuentes",
    "Lozano",
    "Patiño",
    "Velásquez",
)

MUNICIPIOS: tuple[str, ...] = (
    "76001",  # Cali
    "76001",  # Cali (the EPS's home city weighs double)
    "11001",  # Bogotá
    "05001",  # Medellín
    "08001",  # Barranquilla
    "76520",  # Palmira
    "76364",  # Jamundí
    "76834",  # Tuluá
    "76109",  # Buenaventura
    "19001",  # Popayán
    "52001",  # Pasto
    "66001",  # Pereira
    "17001",  # Manizales
    "63001",  # Armenia
)

VIAS: tuple[str, ...] = ("Calle", "Carrera", "Avenida", "Transversal", "Diagonal")

DOMINIOS_CORREO: tuple[str, ...] = ("example.com", "example.org", "example.net")

INDICATIVO_FIJO: dict[str, str] = {
    # Landlines since 2021: 60 + the department's one-digit indicative + 7 digits.
    "76": "2",  # Valle del Cauca
    "19": "2",  # Cauca
    "52": "2",  # Nariño
    "11": "1",  # Bogotá
    "05": "4",  # Antioquia
    "08": "5",  # Atlántico
    "66": "6",  # Risaralda
    "17": "6",  # Caldas
    "63": "6",  # Quindío
}

ACTIVIDADES_EMPRESA: tuple[tuple[str, str], ...] = (
    # The first word of a company name and the CIIU (rev. 4 A.C.) class of its activity.
    ("Comercializadora", "4690"),
    ("Distribuidora", "4649"),
    ("Supermercados", "4711"),
    ("Constructora", "4111"),
    ("Transportes", "4923"),
    ("Servicios de Aseo", "8121"),
    ("Confecciones", "1410"),
    ("Agroindustrial", "0122"),
    ("Clínica", "8610"),
    ("Colegio", "8521"),
    ("Ferretería", "4752"),
    ("Panadería", "1081"),
    ("Laboratorios", "2100"),
    ("Soluciones Tecnológicas", "6201"),
    ("Restaurante", "5611"),
    ("Hotel", "5511"),
    ("Seguridad", "8010"),
    ("Logística", "5210"),
)

NUCLEOS_EMPRESA: tuple[str, ...] = (
    "del Pacífico",
    "del Valle",
    "Andina",
    "del Sur",
    "La Esperanza",
    "El Progreso",
    "San José",
    "Santa Lucía",
    "Los Andes",
    "La Ermita",
    "El Samán",
    "Farallones",
    "La Sultana",
    "Buenavista",
    "El Cafetal",
    "Guadalupe",
    "Las Palmas",
    "Nueva Granada",
    "Tres Cruces",
    "Cristo Rey",
)

SOCIEDADES: tuple[str, ...] = ("S.A.S.", "S.A.S.", "S.A.S.", "S.A.", "Ltda.")
