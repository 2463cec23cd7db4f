/** What the generated shop sells: categories, their share of the catalogue, and each kind's price range. */
/** A kind of product and the range its price falls in, in whole dollars (log-uniform). */
export interface Kind {
  noun: string;
  min: number;
  max: number;
}

export interface Category {
  name: string;
  weight: number;
  kinds: readonly Kind[];
}

/**
 * The catalogue: each kind of product has a price range of its own (a charger costs tens of
 * dollars, a monitor hundreds), so no product is priced like another kind.
 */
export const CATEGORIES: readonly Category[] = [
  {
    name: 'Electronics',
    weight: 14,
    kinds: [
      { noun: 'Wireless Earbuds', min: 20, max: 180 },
      { noun: 'Bluetooth Speaker', min: 25, max: 250 },
      { noun: 'Smartwatch', min: 60, max: 450 },
      { noun: 'Laptop Stand', min: 18, max: 80 },
      { noun: 'USB-C Charger', min: 12, max: 60 },
      { noun: 'Wireless Mouse', min: 12, max: 90 },
      { noun: 'Mechanical Keyboard', min: 45, max: 220 },
      { noun: '27" Monitor', min: 150, max: 600 },
      { noun: 'Tablet', min: 120, max: 900 },
      { noun: 'Action Camera', min: 80, max: 450 },
      { noun: 'Power Bank', min: 15, max: 80 },
      { noun: 'Noise-Cancelling Headphones', min: 60, max: 400 },
    ],
  },
  {
    name: 'Home & Kitchen',
    weight: 14,
    kinds: [
      { noun: 'Chef Knife', min: 20, max: 180 },
      { noun: 'Cutting Board', min: 12, max: 70 },
      { noun: 'Coffee Maker', min: 30, max: 300 },
      { noun: 'Blender', min: 30, max: 250 },
      { noun: 'Cookware Set', min: 60, max: 400 },
      { noun: 'Throw Blanket', min: 18, max: 90 },
      { noun: 'Table Lamp', min: 20, max: 150 },
      { noun: 'Storage Bins', min: 10, max: 50 },
      { noun: 'Air Fryer', min: 50, max: 200 },
      { noun: 'Bath Towels', min: 15, max: 80 },
    ],
  },
  {
    name: 'Clothing',
    weight: 13,
    kinds: [
      { noun: 'T-Shirt', min: 8, max: 40 },
      { noun: 'Hoodie', min: 25, max: 90 },
      { noun: 'Jeans', min: 30, max: 120 },
      { noun: 'Running Shorts', min: 15, max: 60 },
      { noun: 'Rain Jacket', min: 45, max: 220 },
      { noun: 'Sweater', min: 30, max: 140 },
      { noun: 'Sneakers', min: 45, max: 180 },
      { noun: 'Socks (3-Pack)', min: 8, max: 25 },
      { noun: 'Baseball Cap', min: 12, max: 40 },
      { noun: 'Dress', min: 30, max: 180 },
    ],
  },
  {
    name: 'Books',
    weight: 10,
    kinds: [
      { noun: 'Cookbook', min: 15, max: 45 },
      { noun: 'Novel', min: 8, max: 28 },
      { noun: 'Biography', min: 12, max: 35 },
      { noun: 'Travel Guide', min: 12, max: 30 },
      { noun: "Children's Book", min: 6, max: 20 },
      { noun: 'Notebook Journal', min: 6, max: 25 },
      { noun: 'Poetry Collection', min: 10, max: 25 },
      { noun: 'History Book', min: 14, max: 40 },
    ],
  },
  {
    name: 'Sports',
    weight: 10,
    kinds: [
      { noun: 'Yoga Mat', min: 15, max: 90 },
      { noun: 'Dumbbell Set', min: 30, max: 250 },
      { noun: 'Water Bottle', min: 10, max: 45 },
      { noun: 'Tennis Racket', min: 30, max: 220 },
      { noun: 'Camping Tent', min: 60, max: 450 },
      { noun: 'Bike Helmet', min: 30, max: 150 },
      { noun: 'Jump Rope', min: 8, max: 30 },
      { noun: 'Resistance Bands', min: 10, max: 40 },
    ],
  },
  {
    name: 'Beauty',
    weight: 9,
    kinds: [
      { noun: 'Face Serum', min: 12, max: 90 },
      { noun: 'Moisturizer', min: 10, max: 60 },
      { noun: 'Shampoo', min: 6, max: 35 },
      { noun: 'Lipstick', min: 8, max: 40 },
      { noun: 'Hair Dryer', min: 25, max: 200 },
      { noun: 'Perfume', min: 30, max: 150 },
      { noun: 'Sunscreen SPF 50', min: 8, max: 30 },
      { noun: 'Makeup Brush Set', min: 12, max: 60 },
    ],
  },
  {
    name: 'Toys',
    weight: 8,
    kinds: [
      { noun: 'Building Blocks', min: 15, max: 120 },
      { noun: 'Puzzle', min: 10, max: 35 },
      { noun: 'Plush Bear', min: 10, max: 40 },
      { noun: 'Board Game', min: 18, max: 60 },
      { noun: 'RC Car', min: 25, max: 150 },
      { noun: 'Doll House', min: 40, max: 200 },
      { noun: 'Art Kit', min: 12, max: 45 },
      { noun: 'Toy Train', min: 25, max: 150 },
    ],
  },
  {
    name: 'Grocery',
    weight: 10,
    kinds: [
      { noun: 'Coffee Beans', min: 8, max: 30 },
      { noun: 'Green Tea', min: 4, max: 18 },
      { noun: 'Olive Oil', min: 8, max: 35 },
      { noun: 'Granola', min: 4, max: 12 },
      { noun: 'Dark Chocolate', min: 3, max: 10 },
      { noun: 'Pasta', min: 2, max: 8 },
      { noun: 'Honey', min: 6, max: 20 },
      { noun: 'Trail Mix', min: 4, max: 12 },
    ],
  },
  {
    name: 'Office Supplies',
    weight: 6,
    kinds: [
      { noun: 'Desk Organizer', min: 12, max: 50 },
      { noun: 'Gel Pens', min: 4, max: 18 },
      { noun: 'Office Chair', min: 90, max: 500 },
      { noun: 'Stapler', min: 8, max: 30 },
      { noun: 'Sticky Notes', min: 3, max: 15 },
      { noun: 'Whiteboard', min: 25, max: 150 },
    ],
  },
  {
    name: 'Pet Supplies',
    weight: 6,
    kinds: [
      { noun: 'Dog Leash', min: 10, max: 40 },
      { noun: 'Cat Tree', min: 40, max: 200 },
      { noun: 'Pet Bed', min: 25, max: 120 },
      { noun: 'Chew Toy', min: 5, max: 20 },
      { noun: 'Aquarium Filter', min: 20, max: 90 },
      { noun: 'Dog Food', min: 20, max: 80 },
    ],
  },
];

/** Product-line words that suit any kind (faker's adjectives made "Frozen Whiteboard" and "Electronic Hoodie"). */
export const PRODUCT_LINES = [
  'Classic',
  'Essential',
  'Premium',
  'Everyday',
  'Signature',
  'Deluxe',
  'Basic',
  'Select',
  'Original',
  'Pro',
  'Compact',
  'Studio',
] as const;
